'use client';

export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="space-y-2 rounded border border-red-200 bg-red-50 p-4 text-sm text-red-900">
      <p className="font-medium">This page failed to render: {error.message}</p>
      <p>
        See the Sextant server log{error.digest ? ` (error ${error.digest})` : ''}, or{' '}
        <button type="button" onClick={reset} className="underline">
          try again
        </button>
        .
      </p>
    </div>
  );
}
