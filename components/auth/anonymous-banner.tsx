'use client';
import { usePathname } from 'next/navigation';
import { useAuthMe } from '@/lib/api/use-auth';
import { useHydrated } from '@/lib/use-hydrated';

/** Under the anonymous strategy, on every page: there is no login, so whoever opens the console acts as it. */
export function AnonymousBanner() {
  const onLogin = usePathname().startsWith('/login');
  const { data: answer } = useAuthMe(!onLogin);
  // A part of the header may hydrate after another has fetched /me: drawn at once, the banner would differ from the
  // server's HTML (nothing) and React would throw the header away (as the namespace selector explains).
  const data = useHydrated() ? answer : undefined;
  if (!data || data.strategy !== 'anonymous' || !data.console) return null;
  const groups = data.console.groups.length > 0 ? ` in groups ${data.console.groups.join(', ')}` : '';
  const rights =
    data.can.changeTraffic === null
      ? 'whether it may change traffic routing is unknown'
      : data.can.changeTraffic
        ? 'it may change traffic routing in every namespace'
        : 'it may not change traffic routing';
  return (
    <p className="border-b border-amber-300 bg-amber-50 px-4 py-1 text-xs text-amber-900">
      Anyone who can open this page can act as the console&apos;s own Kubernetes identity ({data.console.user}){groups}:{' '}
      {rights}. No login is configured (SEXTANT_AUTH_STRATEGY=anonymous).
    </p>
  );
}
