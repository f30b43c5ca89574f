'use client';
import Link from 'next/link';
import { useState } from 'react';
import { WHY_ROUTES, type WhyFinding } from '@/lib/api/why';
import { useRoute } from '@/lib/api/use-route';
import { rangeMicros } from '@/lib/range-select';
import type { TimeRange } from '@/lib/time-range';
import type { EntityRef } from '../detail/entity-ref';
import { Loading, SourceDown } from '../ui/panel-message';

const KIND_STYLE: Record<WhyFinding['kind'], string> = {
  'failing-edge': 'border-l-red-600',
  'response-flag': 'border-l-red-300',
  'slow-downstream': 'border-l-amber-500',
  'config-change': 'border-l-violet-600',
  compare: 'border-l-sky-600',
  missing: 'border-l-slate-400',
  healthy: 'border-l-green-600',
};

/**
 * "Why is this slow / failing?" for the chosen range: the summary's findings in words, most important first, each
 * with its links (the edge on the graph, the peer's page, the changed object), and a comparison with the same range
 * an hour or a day before. A source that failed is one finding saying so; only the summary failing whole greys this.
 */
export function WhyPanel({ entity, range }: { entity: EntityRef; range: TimeRange }) {
  const [compare, setCompare] = useState<'' | '1h' | '1d'>('');
  const why = useRoute(WHY_ROUTES[entity.resource], {
    path: { ns: entity.namespace, name: entity.name },
    search: { ...rangeMicros(range), compare: compare || undefined },
  });
  return (
    <section
      aria-label="Why is this slow / failing?"
      className="space-y-2 rounded border border-slate-200 bg-white p-3"
    >
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold text-slate-800">Why is this slow / failing?</h2>
        <label className="flex items-center gap-1 text-xs text-slate-600">
          Compare with
          <select
            value={compare}
            onChange={(e) => setCompare(e.target.value as '' | '1h' | '1d')}
            className="rounded border border-slate-300 px-1"
          >
            <option value="">nothing</option>
            <option value="1h">an hour before</option>
            <option value="1d">a day before</option>
          </select>
        </label>
      </header>
      {why.error && (
        <SourceDown
          what="The summary"
          reason={why.error.message}
          retry={() => void why.refetch()}
          retrying={why.isFetching}
        />
      )}
      {!why.data && !why.error && <Loading>Reading the range…</Loading>}
      {why.data && (
        <ol aria-label="Findings" className="space-y-1.5">
          {why.data.findings.map((f, i) => (
            <li key={`${f.kind}-${i}`} data-kind={f.kind} className={`border-l-4 pl-2 text-sm ${KIND_STYLE[f.kind]}`}>
              <p className="font-medium text-slate-900">{f.title}</p>
              <p className="text-xs text-slate-600">{f.detail}</p>
              {f.links.length > 0 && (
                <p className="flex flex-wrap gap-x-3 text-xs">
                  {f.links.map((l) => (
                    <Link key={l.href} href={l.href} className="text-sky-700 underline">
                      {l.label}
                    </Link>
                  ))}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
