'use client';
import { useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { ApiError } from '@/lib/api/fetch-json';
import { parseTimeRange } from '@/lib/time-range';
import type { EntityRef } from '../detail/entity-ref';
import { Empty, Failure, Loading, SourceDown } from '../ui/panel-message';
import { LogLinesTable, type SourcedLine } from './log-lines-table';
import { usePodLog } from './use-pod-log';

const PROXY = 'istio-proxy';
type View = 'side' | 'merged' | 'app' | 'proxy';
const VIEWS: { id: View; label: string }[] = [
  { id: 'side', label: 'Side by side' },
  { id: 'merged', label: 'Merged by time' },
  { id: 'app', label: 'Application only' },
  { id: 'proxy', label: 'istio-proxy only' },
];

type PaneLog = ReturnType<typeof usePodLog>;

function PaneState({ what, log }: { what: string; log: PaneLog }) {
  if (log.error) {
    if (log.error instanceof ApiError && log.error.code.startsWith('kubernetes_'))
      return (
        <SourceDown what={what} reason={log.error.message} retry={() => void log.refetch()} retrying={log.isFetching}>
          Check KUBECONFIG and that the cluster answers.
        </SourceDown>
      );
    return <Failure what={what} error={log.error} />;
  }
  if (log.isPending) return <Loading>Reading {what}…</Loading>;
  return null;
}

function Older({ logs, onOlder }: { logs: PaneLog[]; onOlder: () => void }) {
  const more = logs.some((l) => l.more);
  const loading = logs.some((l) => l.loadingOlder);
  const error = logs.find((l) => l.olderError)?.olderError;
  return (
    <div className="flex items-center gap-2 text-sm">
      {more ? (
        <button
          type="button"
          onClick={onOlder}
          disabled={loading}
          className="rounded border border-slate-300 bg-white px-2 py-0.5 hover:bg-slate-50 disabled:opacity-50"
        >
          {loading ? 'Loading older…' : 'Older lines'}
        </button>
      ) : (
        <span className="text-slate-500">Start of the log{logs.length > 1 ? 's' : ''} in this range</span>
      )}
      {error && <span className="text-red-700">Older lines failed: {error.message}</span>}
    </div>
  );
}

const sourced = (log: PaneLog, pod: string, container: string): SourcedLine[] =>
  log.lines.map((line) => ({ line, pod, container }));

/** The logs of an entity's pods: the application's and the istio-proxy's, access-log lines parsed into columns. */
export function LogsTab({ entity, pods }: { entity: EntityRef; pods: string[] }) {
  const range = parseTimeRange(useSearchParams());
  const [pod, setPod] = useState(pods[0] ?? '');
  const [view, setView] = useState<View>('side');
  const [typed, setTyped] = useState('');
  const [filter, setFilter] = useState('');
  const [follow, setFollow] = useState(false);
  // The filter applies once typing pauses, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => setFilter(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const shownPod = pods.includes(pod) ? pod : (pods[0] ?? '');
  const common = { namespace: entity.namespace, pod: shownPod, filter, range, follow };
  const app = usePodLog({ ...common, container: undefined, enabled: view !== 'proxy' });
  const proxy = usePodLog({ ...common, container: PROXY, enabled: view !== 'app' });

  if (pods.length === 0) return <Empty>{entity.name} has no pods, so no logs.</Empty>;
  const older = (logs: PaneLog[]) => () => {
    setFollow(false); // the newest page would move on and leave a gap before the older pages
    for (const log of logs) void log.loadOlder();
  };
  const pane = (log: PaneLog, container: string, title: string) => (
    <section aria-label={`${title} log`} className="min-w-0 flex-1 space-y-2">
      <h3 className="text-sm font-medium text-slate-700">{title}</h3>
      <PaneState what={`${title} log`} log={log} />
      {!log.error && !log.isPending && (
        <>
          <Older logs={[log]} onOlder={older([log])} />
          {log.lines.length === 0 ? (
            <Empty>
              No lines{filter ? ` with “${filter}”` : ''}
              {range ? ' in the chosen range' : ''}.
            </Empty>
          ) : (
            <LogLinesTable
              label={`${title} log lines`}
              lines={sourced(log, shownPod, container)}
              entity={entity}
              follow={follow && !range}
            />
          )}
        </>
      )}
    </section>
  );
  const merged = [...sourced(app, shownPod, app.container ?? 'app'), ...sourced(proxy, shownPod, PROXY)].sort((a, b) =>
    (a.line.time ?? '') < (b.line.time ?? '') ? -1 : 1,
  );

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <label className="flex items-center gap-1">
          Pod
          <select
            value={shownPod}
            onChange={(e) => setPod(e.target.value)}
            className="rounded border border-slate-300 px-1 py-0.5"
          >
            {pods.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1">
          Containers
          <select
            value={view}
            onChange={(e) => setView(e.target.value as View)}
            className="rounded border border-slate-300 px-1 py-0.5"
          >
            {VIEWS.map((v) => (
              <option key={v.id} value={v.id}>
                {v.label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1">
          Filter
          <input
            type="search"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            placeholder="text in the line"
            className="w-56 rounded border border-slate-300 px-1 py-0.5"
          />
        </label>
        <label
          className="flex items-center gap-1"
          title={range ? 'A chosen range does not move: clear it to follow' : undefined}
        >
          <input
            type="checkbox"
            checked={follow && !range}
            disabled={!!range}
            onChange={(e) => setFollow(e.target.checked)}
          />
          Follow
        </label>
        {range && (
          <span className="text-slate-600">
            Narrowed to {new Date(range.from * 1000).toISOString().slice(11, 19)}–
            {new Date(range.to * 1000).toISOString().slice(11, 19)} UTC (the range chosen on a chart)
          </span>
        )}
      </div>
      {view === 'merged' ? (
        <section aria-label="Merged log" className="space-y-2">
          <PaneState what="Application log" log={app} />
          <PaneState what="istio-proxy log" log={proxy} />
          <Older logs={[app, proxy]} onOlder={older([app, proxy])} />
          <LogLinesTable label="Merged log lines" lines={merged} entity={entity} showSource follow={follow && !range} />
        </section>
      ) : (
        <div className="flex flex-col gap-4 xl:flex-row">
          {view !== 'proxy' && pane(app, 'app', 'Application')}
          {view !== 'app' && pane(proxy, PROXY, 'istio-proxy')}
        </div>
      )}
    </div>
  );
}
