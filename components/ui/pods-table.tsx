import type { PodSummary } from '@/lib/api/workloads';
import { EntityLink, entityPath } from './entity-link';
import { PlainTable, StatusWord } from './plain-table';
import { SidecarStatus } from './sidecar-status';

/** A pod's age as people read it: "45 s", "12 min", "3 h", "2 d". */
export function age(createdAt: string | null, now: number): string {
  if (!createdAt) return '—';
  const seconds = Math.max(0, Math.round((now - Date.parse(createdAt)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}

export type PodRow = PodSummary & { workload?: string; sidecarExemption?: string | null };

// kubectl's STATUS words that mean all is well; anything else (CrashLoopBackOff, Init:0/1, Pending…) is a warning.
const FINE = new Set(['Running', 'Completed']);

const COLUMNS = ['Pod', 'Status', 'Phase', 'Ready', 'Restarts', 'Age', 'Node', 'IP', 'Sidecar', 'Proxy'];

function ProxyCell({ p }: { p: PodRow }) {
  if (p.proxyReady === null) return <>—</>;
  return <StatusWord ok={p.proxyReady}>{p.proxyReady ? 'ready' : 'not ready'}</StatusWord>;
}

/**
 * The pods of a workload, app or service, by name, with kubectl's STATUS, READY and RESTARTS columns; each name links
 * to the pod's page. The Workload column appears when they belong to several.
 */
export function PodsTable({
  label,
  namespace,
  pods,
  now,
}: {
  label: string;
  namespace: string;
  pods: PodRow[];
  now: number;
}) {
  if (pods.length === 0) return <p className="text-sm text-slate-600">No pods: the workload is scaled to zero.</p>;
  const byWorkload = pods.some((p) => p.workload !== undefined);
  const columns = byWorkload ? [COLUMNS[0]!, 'Workload', ...COLUMNS.slice(1)] : COLUMNS;
  return (
    <PlainTable label={label} columns={columns}>
      {pods.map((p) => (
        <tr key={p.name}>
          <th scope="row" className="px-3 py-1.5 font-mono text-xs font-medium">
            <EntityLink path={entityPath(namespace, 'pods', p.name)}>{p.name}</EntityLink>
          </th>
          {byWorkload && (
            <td className="px-3 py-1.5">
              {p.workload ? (
                <EntityLink path={entityPath(namespace, 'workloads', p.workload)}>{p.workload}</EntityLink>
              ) : (
                '—'
              )}
            </td>
          )}
          <td className="px-3 py-1.5">
            <StatusWord ok={FINE.has(p.status)}>{p.status}</StatusWord>
          </td>
          <td className="px-3 py-1.5">{p.phase}</td>
          <td className="px-3 py-1.5 tabular-nums">
            {p.readyContainers}/{p.totalContainers}
          </td>
          <td className="px-3 py-1.5 tabular-nums">{p.restarts}</td>
          <td className="px-3 py-1.5 tabular-nums">{age(p.createdAt, now)}</td>
          <td className="px-3 py-1.5">{p.node ?? '—'}</td>
          <td className="px-3 py-1.5 font-mono text-xs">{p.ip ?? '—'}</td>
          <td className="px-3 py-1.5">
            <SidecarStatus hasSidecar={p.hasSidecar} exemption={p.sidecarExemption} />
            {p.proxyVersion && <span className="ml-1 font-mono text-xs text-slate-500">{p.proxyVersion}</span>}
          </td>
          <td className="px-3 py-1.5">
            <ProxyCell p={p} />
          </td>
        </tr>
      ))}
    </PlainTable>
  );
}
