'use client';
import { useSearchParams } from 'next/navigation';
import { useCallback } from 'react';
import { ENVOY_SECTIONS, type EnvoySection } from '@/lib/api/envoy';
import { useSetSearch } from '../shell/use-set-search';
import { EnvoyDiff } from './envoy-diff';
import { EnvoySectionTable, type TableState } from './envoy-section-table';

const LABELS: Record<EnvoySection, string> = {
  clusters: 'Clusters',
  listeners: 'Listeners',
  routes: 'Routes',
  bootstrap: 'Bootstrap',
  secrets: 'Secrets',
};

const isSection = (s: string | null): s is EnvoySection => ENVOY_SECTIONS.includes(s as EnvoySection);

/**
 * The Envoy configuration of one pod's istio-proxy: clusters, listeners, routes, bootstrap, secrets, each a table
 * the server filters and pages, with the raw JSON; and the difference with another pod of the same workload. The pod,
 * section, filter, sort and page are kept in the URL (`envoyPod`, `envoy`, `envoyFilter`, `envoySort`, `envoyPage`).
 */
export function EnvoyTab({ namespace, pods }: { namespace: string; pods: string[] }) {
  const search = useSearchParams();
  const setSearch = useSetSearch();
  const askedPod = search.get('envoyPod');
  const pod = askedPod && pods.includes(askedPod) ? askedPod : (pods[0] ?? null);
  const asked = search.get('envoy');
  const section: EnvoySection = isSection(asked) ? asked : 'clusters';
  const compareWith = search.get('envoyCompare');
  const other = compareWith && compareWith !== pod && pods.includes(compareWith) ? compareWith : null;
  const sortParam = search.get('envoySort');
  const state: TableState = {
    filter: search.get('envoyFilter') ?? '',
    sort: sortParam ? sortParam.replace(/^-/, '') : null,
    order: sortParam?.startsWith('-') ? 'desc' : 'asc',
    page: Math.max(0, Number(search.get('envoyPage') ?? '0') || 0),
  };
  const onChange = useCallback(
    (next: Partial<TableState>) => {
      const merged = { ...state, ...next };
      setSearch({
        envoyFilter: merged.filter || null,
        envoySort: merged.sort ? `${merged.order === 'desc' ? '-' : ''}${merged.sort}` : null,
        envoyPage: merged.page > 0 ? String(merged.page) : null,
      });
    },
    // The state is read from the URL each render; its parts are the dependencies.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [setSearch, state.filter, state.sort, state.order, state.page],
  );

  if (!pod) return <p className="text-sm text-slate-600">No pods in {namespace} to read an Envoy config from.</p>;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-4 text-sm">
        <label className="flex items-center gap-2">
          <span className="font-medium">Pod</span>
          <select
            value={pod}
            onChange={(e) => setSearch({ envoyPod: e.target.value, envoyPage: null, envoyCompare: null })}
            className="rounded border border-slate-300 bg-white px-2 py-1"
          >
            {pods.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        {pods.length > 1 && (
          <label className="flex items-center gap-2">
            <span className="font-medium">Compare with pod…</span>
            <select
              value={other ?? ''}
              onChange={(e) => setSearch({ envoyCompare: e.target.value || null })}
              className="rounded border border-slate-300 bg-white px-2 py-1"
            >
              <option value="">(none)</option>
              {pods
                .filter((p) => p !== pod)
                .map((p) => (
                  <option key={p}>{p}</option>
                ))}
            </select>
          </label>
        )}
      </div>
      {other && <EnvoyDiff namespace={namespace} pod={pod} other={other} />}
      <div role="tablist" aria-label="Envoy config sections" className="flex gap-1 border-b border-slate-200">
        {ENVOY_SECTIONS.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={s === section}
            onClick={() =>
              setSearch({ envoy: s === 'clusters' ? null : s, envoyFilter: null, envoySort: null, envoyPage: null })
            }
            className={
              s === section
                ? '-mb-px border-b-2 border-sky-600 px-3 py-1 text-sm font-medium text-sky-700'
                : 'px-3 py-1 text-sm text-slate-600 hover:text-slate-900'
            }
          >
            {LABELS[s]}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={`Envoy ${LABELS[section]}`}>
        <EnvoySectionTable
          key={`${pod}/${section}`}
          namespace={namespace}
          pod={pod}
          section={section}
          state={state}
          onChange={onChange}
        />
      </div>
    </div>
  );
}
