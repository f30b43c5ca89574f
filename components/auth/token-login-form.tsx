'use client';
import { useState, type FormEvent } from 'react';
import { useTokenLogin } from '@/lib/api/use-auth';

/** The token strategy's form: a pasted Kubernetes bearer token, verified by the API server. */
export function TokenLoginForm({ next }: { next: string }) {
  const [token, setToken] = useState('');
  const login = useTokenLogin();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate(token, { onSuccess: () => window.location.assign(next) });
  };
  return (
    <form onSubmit={submit} className="flex flex-col gap-3" aria-label="Log in with a token">
      <label htmlFor="token" className="text-sm font-medium text-slate-800">
        Kubernetes bearer token
      </label>
      <textarea
        id="token"
        value={token}
        onChange={(e) => setToken(e.target.value)}
        rows={5}
        autoComplete="off"
        spellCheck={false}
        className="rounded border border-slate-300 p-2 font-mono text-xs"
      />
      <p className="text-xs text-slate-600">
        For a ServiceAccount: <code>kubectl create token NAME -n NAMESPACE</code>. The console keeps it in an encrypted
        cookie and acts with it on the cluster.
      </p>
      {login.error && (
        <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-800">
          Login refused: {login.error.message}
        </p>
      )}
      <button
        type="submit"
        disabled={login.isPending || token.trim() === ''}
        className="self-start rounded bg-sky-700 px-4 py-1.5 text-sm font-medium text-white disabled:opacity-50"
      >
        {login.isPending ? 'Checking the token…' : 'Log in'}
      </button>
    </form>
  );
}
