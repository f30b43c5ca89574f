'use client';
import { usePathname, useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { useEntityTraces } from '@/lib/api/use-entity-traces';
import { useTimeControls } from '@/lib/api/use-time-controls';
import { durationSeconds } from '@/lib/duration';
import { withControls } from '@/lib/time-controls';
import type { EntityRef } from '../detail/entity-ref';
import { useSetSearch } from '../shell/use-set-search';
import { Empty, Loading, SourceDown } from '../ui/panel-message';
import { TraceFilters } from './trace-filters';
import { readFilters, readRange, searchParams, type TraceFilterValues } from './trace-search';
import { TraceView } from './trace-view';
import { TracesList } from './traces-list';
import { TracesScatter } from './traces-scatter';

/**
 * The traces that touch one app, workload or service: a scatter of durations and a list, filtered and narrowed to the
 * range dragged on a chart; `?trace=` opens one. Jaeger or Tempo failing greys this tab only, with a retry.
 */
export function TracesTab({ entity }: { entity: EntityRef }) {
  const search = useSearchParams();
  const pathname = usePathname();
  const setSearch = useSetSearch();
  const { window } = useTimeControls();
  const windowSeconds = durationSeconds(window) ?? 600;
  const filters = readFilters(search);
  const range = readRange(search);
  // "Now" moves when the person asks again (Retry, a filter), not on every render, so the query holds still.
  const [nowMs, setNowMs] = useState(() => Date.now());
  const params = searchParams(filters, range, windowSeconds, nowMs);
  const traceId = search.get('trace');
  const traces = useEntityTraces(entity, params);
  const found = useMemo(() => traces.data?.traces ?? [], [traces.data]);
  const operations = useMemo(() => [...new Set(found.flatMap((t) => t.spans.map((s) => s.operation)))].sort(), [found]);
  const hrefWith = (changes: Record<string, string | null>) =>
    `${pathname}${withControls(new URLSearchParams(search.toString()), changes)}`;

  if (traceId)
    return (
      <TraceView
        traceId={traceId}
        spanId={search.get('span')}
        compareId={search.get('compare')}
        candidates={found}
        backHref={hrefWith({ trace: null, span: null, compare: null })}
        onSelectSpan={(spanId) => setSearch({ span: spanId })}
        onCompare={(id) => setSearch({ compare: id })}
      />
    );

  const apply = (values: TraceFilterValues) => {
    setNowMs(Date.now());
    setSearch({
      operation: values.operation,
      status: values.status,
      minDuration: values.minDuration,
      maxDuration: values.maxDuration,
      tags: values.tags,
    });
  };
  const domainMs: [number, number] = range
    ? [range.from * 1000, range.to * 1000]
    : [(params.start ?? 0) / 1000, Math.max(nowMs, (params.start ?? 0) / 1000 + windowSeconds * 1000)];
  return (
    <section aria-label="Traces" className="space-y-3">
      <TraceFilters key={search.toString()} values={filters} operations={operations} onApply={apply} />
      {range && (
        <p className="text-xs text-slate-600">
          Narrowed to {new Date(range.from * 1000).toLocaleTimeString()}–
          {new Date(range.to * 1000).toLocaleTimeString()}{' '}
          <button
            type="button"
            className="text-sky-700 hover:underline"
            onClick={() => setSearch({ from: null, to: null })}
          >
            Show the whole window
          </button>
        </p>
      )}
      {traces.error && (
        <SourceDown
          what="Traces"
          reason={traces.error.message}
          retry={() => {
            setNowMs(Date.now());
            void traces.refetch();
          }}
          retrying={traces.isFetching}
        >
          Check JAEGER_URL (or TEMPO_URL) and that the tracing backend is up; the other tabs do not need it.
        </SourceDown>
      )}
      {!traces.data && !traces.error && <Loading>Loading traces…</Loading>}
      {traces.data && (
        <div
          aria-disabled={traces.error ? true : undefined}
          className={traces.error ? 'space-y-3 opacity-40 grayscale' : 'space-y-3'}
        >
          {found.length === 0 ? (
            <Empty>No trace touches {entity.name} in this range with these filters.</Empty>
          ) : (
            <>
              <TracesScatter
                traces={found}
                domainMs={domainMs}
                onOpen={(id) => setSearch({ trace: id, span: null, compare: null })}
              />
              <TracesList traces={found} hrefFor={(id) => hrefWith({ trace: id, span: null, compare: null })} />
            </>
          )}
        </div>
      )}
    </section>
  );
}
