import Link from 'next/link';
import { Suspense, type ReactNode } from 'react';
import { AnonymousBanner } from '@/components/auth/anonymous-banner';
import { HideOnLogin } from '@/components/auth/hide-on-login';
import { UserMenu } from '@/components/auth/user-menu';
import { NamespaceSelector } from './namespace-selector';
import { NavLinks } from './nav-links';
import { TimeControls } from './time-controls';
import { WindowNotice } from './window-notice';

export function Shell({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-30 bg-slate-900 text-slate-100 shadow">
        <div className="flex flex-wrap items-center gap-4 px-4 py-2">
          <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight text-white">
            <svg viewBox="0 0 16 16" aria-hidden="true" className="h-5 w-5 text-sky-400" fill="currentColor">
              <path d="M8 1 1 15h14L8 1Zm0 4 4 8H4l4-8Z" />
            </svg>
            Sextant
          </Link>
          <Suspense fallback={null}>
            <NavLinks />
          </Suspense>
          <div className="ml-auto flex items-center gap-2">
            <Suspense fallback={null}>
              <HideOnLogin>
                <NamespaceSelector />
                <TimeControls />
              </HideOnLogin>
              <UserMenu />
            </Suspense>
          </div>
        </div>
        <Suspense fallback={null}>
          <WindowNotice />
          <AnonymousBanner />
        </Suspense>
      </header>
      <main className="flex-1 px-4 py-4">{children}</main>
    </div>
  );
}
