'use client';
import { useEffect, useState } from 'react';
import type { EnvoySection } from '@/lib/api/envoy';
import { useEnvoySection } from '@/lib/api/use-envoy';
import { Loading, RefreshFailed } from '../ui/panel-message';
import { ENVOY_COLUMNS } from './envoy-columns';
import { EnvoyFailure } from './envoy-failure';
import { EnvoyRaw } from './envoy-raw';

const ENVOY_PAGE_ROWS = 100;

export interface TableState {
  filter: string;
  sort: string | null;
  order: 'asc' | 'desc';
  page: number;
}

const NOUNS: Record<EnvoySection, string> = {
  clusters: 'clusters',
  listeners: 'listeners',
  routes: 'routes',
  bootstrap: 'bootstrap values',
  secrets: 'secrets',
};

/**
 * One section of a pod's Envoy config as a table the server filters, sorts and pages (a proxy of a big mesh has
 * thousands of clusters: only a page is ever fetched or drawn). The state lives in the URL, kept by the caller.
 */
export function EnvoySectionTable({
  namespace,
  pod,
  section,
  state,
  onChange,
}: {
  namespace: string;
  pod: string;
  section: EnvoySection;
  state: TableState;
  onChange: (next: Partial<TableState>) => void;
}) {
  const [typed, setTyped] = useState(state.filter);
  // The URL (and so the query) follows the box after a pause in typing, not on every key.
  useEffect(() => {
    if (typed === state.filter) return;
    const timer = setTimeout(() => onChange({ filter: typed, page: 0 }), 250);
    return () => clearTimeout(timer);
  }, [typed, state.filter, onChange]);

  const { data, error, isPending, refetch, isFetching } = useEnvoySection(namespace, pod, section, {
    filter: state.filter || undefined,
    sort: state.sort ?? undefined,
    order: state.sort ? state.order : undefined,
    offset: String(state.page * ENVOY_PAGE_ROWS),
    limit: String(ENVOY_PAGE_ROWS),
  });
  const noun = NOUNS[section];
  const columns = ENVOY_COLUMNS[section];

  if (isPending)
    return (
      <Loading>
        Reading the {noun} of {pod}’s Envoy…
      </Loading>
    );
  if (!data)
    return (
      <EnvoyFailure pod={pod} what={`Envoy ${noun}`} error={error} retry={() => void refetch()} retrying={isFetching} />
    );

  const first = data.total === 0 ? 0 : data.offset + 1;
  const last = data.offset + data.rows.length;
  const pages = Math.max(1, Math.ceil(data.total / ENVOY_PAGE_ROWS));
  const sortBy = (id: string) =>
    onChange({ sort: id, order: state.sort === id && state.order === 'asc' ? 'desc' : 'asc', page: 0 });

  return (
    <div className="space-y-2">
      {error && <RefreshFailed error={error} />}
      <div className="flex flex-wrap items-center gap-3">
        <input
          type="search"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          placeholder={`Filter ${noun}`}
          aria-label={`Filter ${noun}`}
          className="w-72 rounded border border-slate-300 bg-white px-2 py-1 text-sm shadow-sm placeholder:text-slate-400"
        />
        <p className="text-xs text-slate-500" aria-live="polite">
          {data.total === data.all
            ? `${data.all.toLocaleString('en')} ${noun}`
            : `${data.total.toLocaleString('en')} of ${data.all.toLocaleString('en')} ${noun}`}
          {data.total > data.rows.length && ` · showing ${first}–${last}`}
        </p>
        {pages > 1 && (
          <div className="ml-auto flex items-center gap-2 text-sm">
            <button
              type="button"
              disabled={state.page === 0}
              onClick={() => onChange({ page: state.page - 1 })}
              className="rounded border border-slate-300 px-2 py-0.5 disabled:opacity-40"
            >
              Previous
            </button>
            <span>
              Page {state.page + 1} of {pages}
            </span>
            <button
              type="button"
              disabled={state.page + 1 >= pages}
              onClick={() => onChange({ page: state.page + 1 })}
              className="rounded border border-slate-300 px-2 py-0.5 disabled:opacity-40"
            >
              Next
            </button>
          </div>
        )}
      </div>
      {data.rows.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">
          {data.all === 0 ? `This proxy has no ${noun}.` : `No ${noun} match “${state.filter}”.`}
        </p>
      ) : (
        <div className="overflow-x-auto rounded border border-slate-200 bg-white shadow-sm">
          <table aria-label={`Envoy ${noun} of ${pod}`} className="w-full border-collapse text-left text-sm">
            <thead className="border-b border-slate-200 bg-slate-100 text-xs text-slate-600">
              <tr>
                {columns.map((c) => (
                  <th
                    key={c.id}
                    scope="col"
                    aria-sort={state.sort === c.id ? (state.order === 'asc' ? 'ascending' : 'descending') : 'none'}
                    className="px-3 py-1.5 font-semibold whitespace-nowrap"
                  >
                    <button
                      type="button"
                      onClick={() => sortBy(c.id)}
                      className="inline-flex items-center gap-1 hover:text-sky-700"
                    >
                      {c.header}
                      <span aria-hidden="true" className="text-slate-400">
                        {state.sort === c.id ? (state.order === 'asc' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.rows.map((row, i) => (
                <tr key={i} className="align-top hover:bg-sky-50/60">
                  {columns.map((c, j) =>
                    j === 0 ? (
                      <th key={c.id} scope="row" className="px-3 py-1.5 font-medium">
                        {c.cell(row as never)}
                      </th>
                    ) : (
                      <td key={c.id} className="px-3 py-1.5">
                        {c.cell(row as never)}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <EnvoyRaw raw={data.raw} first={first} last={last} noun={noun} />
    </div>
  );
}
