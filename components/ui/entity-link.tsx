'use client';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import type { ReactNode } from 'react';
import { keepControls } from '../shell/shell-link';

/**
 * A path of the console with the shell's window, interval and namespaces carried over; what the path sets itself
 * (`/istio/findings?namespaces=demo`) wins, and its #fragment stays at the end.
 */
export function withControls(path: string, search: URLSearchParams | null | undefined): string {
  const hashAt = path.indexOf('#');
  const hash = hashAt >= 0 ? path.slice(hashAt) : '';
  const [pathname = '', own = ''] = (hashAt >= 0 ? path.slice(0, hashAt) : path).split('?');
  const params = new URLSearchParams(own);
  for (const [key, value] of new URLSearchParams(keepControls('', search).replace(/^\?/, '')))
    if (!params.has(key)) params.set(key, value);
  const query = params.toString();
  return `${pathname}${query ? `?${query}` : ''}${hash}`;
}

/** A link to a page of the console that keeps the shell's window, interval and namespaces. */
export function EntityLink({
  path,
  children,
  className,
  label,
}: {
  path: string;
  children: ReactNode;
  className?: string;
  /** The accessible name, when the text alone would not say where the link goes. */
  label?: string;
}) {
  const search = useSearchParams();
  return (
    <Link href={withControls(path, search)} aria-label={label} className={className ?? 'text-sky-700 hover:underline'}>
      {children}
    </Link>
  );
}

export const entityPath = (namespace: string, resource: string, name: string) =>
  `/namespaces/${encodeURIComponent(namespace)}/${resource}/${encodeURIComponent(name)}`;

export const istioObjectPath = (o: { namespace: string; kind: string; name: string }) =>
  `/namespaces/${encodeURIComponent(o.namespace)}/istio/${encodeURIComponent(o.kind)}/${encodeURIComponent(o.name)}`;
