import type { PodSummary } from '@/lib/api/workloads';
import { Icon } from './icon';
import { SidecarStatus } from './sidecar-status';

/** A pod's age as people read it: "45 s", "12 min", "3 h", "2 d". */
function age(createdAt: string | null, now: number): string {
  if (!createdAt) return '—';
  const seconds = Math.max(0, Math.round((now - Date.parse(createdAt)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}

export type PodRow = PodSummary & { workload?: string; sidecarExemption?: string | null };

/** The pods of a workload or an app, by name; the Workload column appears when they belong to several. */
export function PodsTable({ label, pods, now }: { label: string; pods: PodRow[]; now: number }) {
  if (pods.length === 0) return <p className="text-sm text-slate-600">No pods: the workload is scaled to zero.</p>;
  const byWorkload = pods.some((p) => p.workload !== undefined);
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white shadow-sm">
      <table aria-label={label} className="w-full border-collapse text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-100 text-xs text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-1.5">
              Pod
            </th>
            {byWorkload && (
              <th scope="col" className="px-3 py-1.5">
                Workload
              </th>
            )}
            <th scope="col" className="px-3 py-1.5">
              Status
            </th>
            <th scope="col" className="px-3 py-1.5">
              Sidecar
            </th>
            <th scope="col" className="px-3 py-1.5">
              IP
            </th>
            <th scope="col" className="px-3 py-1.5">
              Node
            </th>
            <th scope="col" className="px-3 py-1.5">
              Age
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {pods.map((p) => (
            <tr key={p.name}>
              <th scope="row" className="px-3 py-1.5 font-mono text-xs font-medium">
                {p.name}
              </th>
              {byWorkload && <td className="px-3 py-1.5">{p.workload ?? '—'}</td>}
              <td className="px-3 py-1.5">
                <span className={`inline-flex items-center gap-1 ${p.ready ? 'text-emerald-700' : 'text-amber-700'}`}>
                  <Icon name={p.ready ? 'ok' : 'warn'} />
                  {p.phase}
                  {p.ready ? ', ready' : ', not ready'}
                </span>
              </td>
              <td className="px-3 py-1.5">
                <SidecarStatus hasSidecar={p.hasSidecar} exemption={p.sidecarExemption} />
              </td>
              <td className="px-3 py-1.5 font-mono text-xs">{p.ip ?? '—'}</td>
              <td className="px-3 py-1.5">{p.node ?? '—'}</td>
              <td className="px-3 py-1.5 tabular-nums">{age(p.createdAt, now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
