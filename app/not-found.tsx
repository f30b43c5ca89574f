import Link from 'next/link';

export default function NotFound() {
  return (
    <section className="space-y-2">
      <h1 className="text-lg font-semibold">Page not found</h1>
      <p className="text-sm text-slate-600">
        Sextant has no page at this address.{' '}
        <Link href="/" className="text-sky-700 hover:underline">
          Go to the overview
        </Link>
        .
      </p>
    </section>
  );
}
