'use client';
import type { ReactNode } from 'react';
import { Loading } from './panel-message';
import { useHydrated } from '@/lib/use-hydrated';

/**
 * Renders a panel only once the page is hydrated. Its data comes from a react-query cache that other parts of the
 * page (the shell's Suspense boundaries hydrate on their own schedule) may fill before this part hydrates; the
 * server never has that data, so rendering it during hydration would not match the server's HTML (React error 418).
 */
export function AfterHydration({ children }: { children: ReactNode }) {
  return useHydrated() ? children : <Loading>Loading…</Loading>;
}
