'use client';
import { useEffect, useOptimistic, useRef, useTransition } from 'react';
import { useNamespaces } from '@/lib/api/use-namespaces';
import { useTimeControls } from '@/lib/api/use-time-controls';
import { useHydrated } from '@/lib/use-hydrated';
import { useSetSearch } from './use-set-search';

/** Which namespaces the lists show; none checked means all of them. */
export function NamespaceSelector() {
  const { namespaces: inUrl } = useTimeControls();
  // The URL is the truth, but a navigation takes a moment: the boxes show the choice at once.
  const [selected, setSelected] = useOptimistic(inUrl);
  const [, startTransition] = useTransition();
  const namespaces = useNamespaces();
  // The header hydrates after the page on a slow machine, and by then the page may have fetched the namespaces: drawn
  // at once, they would differ from the server's "Loading…", and React would replace the whole header, closing a menu
  // the person had already opened. They are drawn right after hydration instead.
  const hydrated = useHydrated();
  const data = hydrated ? namespaces.data : undefined;
  const error = hydrated ? namespaces.error : null;
  const setSearch = useSetSearch();
  const detailsRef = useRef<HTMLDetailsElement>(null);
  // A <details> stays open until its summary is clicked again; a menu should close on a click elsewhere or Escape.
  useEffect(() => {
    const close = (e: Event) => {
      const details = detailsRef.current;
      if (!details?.open) return;
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !details.contains(e.target as Node)) details.open = false;
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, []);
  const names = data?.map((n) => n.name) ?? [];
  const toggle = (name: string, checked: boolean) => {
    const next = checked ? [...selected, name] : selected.filter((n) => n !== name);
    startTransition(() => {
      setSelected(next);
      setSearch({ namespaces: next.length > 0 ? next.join(',') : null });
    });
  };
  const summary = selected.length === 0 ? 'All namespaces' : selected.join(', ');
  return (
    <details ref={detailsRef} className="relative">
      <summary className="flex cursor-pointer list-none items-center gap-1 rounded border border-slate-600 bg-slate-800 px-2 py-1 text-sm text-slate-100">
        <span className="text-slate-400">Namespaces:</span>
        <span className="max-w-48 truncate">{summary}</span>
        <span aria-hidden="true">▾</span>
      </summary>
      <fieldset className="absolute right-0 z-20 mt-1 w-60 rounded border border-slate-200 bg-white p-2 text-sm text-slate-900 shadow-lg">
        <legend className="sr-only">Namespaces</legend>
        {!data && !error && <p role="status">Loading namespaces…</p>}
        {!data && error && <p role="alert">Namespaces unavailable: {error.message}</p>}
        {names.map((name) => (
          <label key={name} className="flex items-center gap-2 rounded px-1 py-0.5 hover:bg-slate-100">
            <input type="checkbox" checked={selected.includes(name)} onChange={(e) => toggle(name, e.target.checked)} />
            {name}
          </label>
        ))}
        {selected.length > 0 && (
          <button
            type="button"
            onClick={() => setSearch({ namespaces: null })}
            className="mt-1 text-xs text-sky-700 hover:underline"
          >
            Show all namespaces
          </button>
        )}
      </fieldset>
    </details>
  );
}
