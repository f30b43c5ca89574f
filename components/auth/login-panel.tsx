'use client';
import Link from 'next/link';
import { OPENID_START } from '@/lib/api/auth';
import { useLoginOptions } from '@/lib/api/use-auth';
import { Failure, Loading } from '@/components/ui/panel-message';
import { TokenLoginForm } from './token-login-form';

/** The login page: what this console's strategy asks of the person, and why the last attempt failed. */
export function LoginPanel({ next, error }: { next: string; error: string | null }) {
  const { data, error: failed, isPending } = useLoginOptions();
  if (isPending) return <Loading>Loading the login…</Loading>;
  if (!data) return <Failure what="The login" error={failed} />;
  return (
    <section aria-labelledby="login-title" className="mx-auto mt-8 flex max-w-lg flex-col gap-4">
      <h1 id="login-title" className="text-xl font-semibold">
        Log in to Sextant
      </h1>
      {error && (
        <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-800">
          {error}
        </p>
      )}
      {data.strategy === 'token' && <TokenLoginForm next={next} />}
      {data.strategy === 'openid' && data.openid && (
        <a
          href={`${OPENID_START}?next=${encodeURIComponent(next)}`}
          className="self-start rounded bg-sky-700 px-4 py-1.5 text-sm font-medium text-white"
        >
          Log in with {data.openid.issuer}
        </a>
      )}
      {data.strategy === 'header' && (
        <p>This console takes its users from the proxy in front of it: log in there, then open the console again.</p>
      )}
      {data.strategy === 'anonymous' && (
        <p>
          This console needs no login. <Link href={next}>Go on</Link>
        </p>
      )}
    </section>
  );
}
