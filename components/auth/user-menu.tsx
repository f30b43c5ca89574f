'use client';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { ApiError } from '@/lib/api/fetch-json';
import { useAuthMe, useLogout } from '@/lib/api/use-auth';
import { useHydrated } from '@/lib/use-hydrated';
import { loginUrlFor } from './login-target';

/**
 * Who the console acts for, in the header, with Log out; the anonymous strategy's warning instead of a name. Without
 * a valid session (none yet, expired, logged out elsewhere) it sends the person to the login page.
 */
export function UserMenu() {
  const pathname = usePathname();
  const router = useRouter();
  const onLogin = pathname.startsWith('/login');
  const { data: answer, error } = useAuthMe(!onLogin);
  // Drawn only once hydrated, as the anonymous banner is: the server's HTML has no user.
  const data = useHydrated() ? answer : undefined;
  const logout = useLogout();
  const loggedOut = error instanceof ApiError && error.status === 401;
  useEffect(() => {
    if (loggedOut && !onLogin) router.replace(loginUrlFor(`${window.location.pathname}${window.location.search}`));
  }, [loggedOut, onLogin, router]);
  if (onLogin || !data || data.strategy === 'anonymous') return null;
  const out = () =>
    logout.mutate(undefined, {
      onSuccess: ({ endSessionUrl }) => window.location.assign(endSessionUrl ?? '/login'),
    });
  return (
    <div className="flex items-center gap-2 text-sm" aria-label="Signed-in user" role="group">
      <span>
        <span className="sr-only">Signed in as </span>
        <strong>{data.user}</strong>
        {data.groups.length > 0 && <span className="text-slate-400"> ({data.groups.join(', ')})</span>}
      </span>
      {data.strategy !== 'header' && (
        <button
          type="button"
          onClick={out}
          disabled={logout.isPending}
          className="rounded border border-slate-500 px-2 py-0.5 text-slate-100 hover:bg-slate-800"
        >
          Log out
        </button>
      )}
    </div>
  );
}
