'use client';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';

/** The shell's data widgets (namespaces, time window) need a session: the login page shows none of them. */
export function HideOnLogin({ children }: { children: ReactNode }) {
  return usePathname().startsWith('/login') ? null : <>{children}</>;
}
