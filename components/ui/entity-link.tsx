'use client';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import type { ReactNode } from 'react';
import { keepControls } from '../shell/shell-link';

/** A link to a page of the console that keeps the shell's window, interval and namespaces. */
export function EntityLink({ path, children }: { path: string; children: ReactNode }) {
  const search = useSearchParams();
  return (
    <Link href={keepControls(path, search)} className="text-sky-700 hover:underline">
      {children}
    </Link>
  );
}

export const entityPath = (namespace: string, resource: string, name: string) =>
  `/namespaces/${encodeURIComponent(namespace)}/${resource}/${encodeURIComponent(name)}`;
