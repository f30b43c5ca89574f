'use client';
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { keepControls } from './shell-link';

const SECTIONS = [
  { href: '/', label: 'Overview', matches: (p: string) => p === '/' },
  {
    href: '/applications',
    label: 'Applications',
    matches: (p: string) => /^\/(applications|namespaces\/[^/]+\/applications)/.test(p),
  },
  {
    href: '/workloads',
    label: 'Workloads',
    matches: (p: string) => /^\/(workloads|namespaces\/[^/]+\/workloads)/.test(p),
  },
  { href: '/services', label: 'Services', matches: (p: string) => /^\/(services|namespaces\/[^/]+\/services)/.test(p) },
  { href: '/graph', label: 'Graph', matches: (p: string) => p.startsWith('/graph') },
  { href: '/istio', label: 'Istio Config', matches: (p: string) => /^\/(istio|namespaces\/[^/]+\/istio)/.test(p) },
];

export function NavLinks() {
  const pathname = usePathname();
  const search = useSearchParams();
  return (
    <nav aria-label="Main">
      <ul className="flex gap-1">
        {SECTIONS.map((s) => {
          const current = s.matches(pathname);
          return (
            <li key={s.href}>
              <Link
                href={keepControls(s.href, search)}
                aria-current={current ? 'page' : undefined}
                className={`block rounded px-2.5 py-1 text-sm ${
                  current ? 'bg-slate-700 font-medium text-white' : 'text-slate-300 hover:bg-slate-800 hover:text-white'
                }`}
              >
                {s.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
