'use client';
import { useSearchParams } from 'next/navigation';
import type { ReactNode } from 'react';
import { useSetSearch } from '../shell/use-set-search';

export interface DetailTab {
  id: string;
  label: string;
  render: () => ReactNode;
}

/**
 * The tabs of a detail page, kept in the URL (`?tab=metrics`) so a link, a reload or the back button lands on the same
 * tab. Only the chosen tab renders: its data hooks, and so its queries, start when it is opened.
 */
export function DetailTabs({ tabs, label }: { tabs: DetailTab[]; label: string }) {
  const search = useSearchParams();
  const setSearch = useSetSearch();
  const asked = search.get('tab');
  const current = tabs.find((t) => t.id === asked) ?? tabs[0]!;
  return (
    <div className="space-y-3">
      <div role="tablist" aria-label={label} className="flex gap-1 border-b border-slate-200">
        {tabs.map((t) => {
          const selected = t.id === current.id;
          return (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`tab-${t.id}`}
              aria-selected={selected}
              aria-controls={`tabpanel-${t.id}`}
              onClick={() => setSearch({ tab: t.id === tabs[0]!.id ? null : t.id })}
              className={
                selected
                  ? '-mb-px border-b-2 border-sky-600 px-3 py-1.5 text-sm font-medium text-sky-700'
                  : 'px-3 py-1.5 text-sm text-slate-600 hover:text-slate-900'
              }
            >
              {t.label}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`tabpanel-${current.id}`} aria-labelledby={`tab-${current.id}`} className="space-y-4">
        {current.render()}
      </div>
    </div>
  );
}
