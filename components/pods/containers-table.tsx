import type { PodContainer } from '@/lib/api/pods';
import { PlainTable, StatusWord } from '../ui/plain-table';

function stateText(c: PodContainer): string {
  const label = { running: 'Running', waiting: 'Waiting', terminated: 'Terminated', unknown: 'Unknown' }[c.state];
  const parts = [c.reason, c.exitCode !== null ? `exit code ${c.exitCode}` : null].filter(Boolean);
  return parts.length > 0 ? `${label} (${parts.join(', ')})` : label;
}

const COLUMNS = ['Container', 'Image', 'State', 'Ready', 'Restarts', 'Ports'];

/** Containers as `kubectl describe pod` lists them: image, state with its reason, readiness, restarts, ports. */
export function ContainersTable({ label, containers }: { label: string; containers: PodContainer[] }) {
  return (
    <PlainTable label={label} columns={COLUMNS}>
      {containers.map((c) => (
        <tr key={c.name}>
          <th scope="row" className="px-3 py-1.5 font-mono text-xs font-medium">
            {c.name}
            {c.sidecar && <span className="ml-1 font-sans text-slate-500">(sidecar)</span>}
          </th>
          <td className="px-3 py-1.5 font-mono text-xs break-all">{c.image ?? '—'}</td>
          <td className="px-3 py-1.5" title={c.message ?? undefined}>
            {stateText(c)}
          </td>
          <td className="px-3 py-1.5">
            <StatusWord ok={c.ready}>{c.ready ? 'ready' : 'not ready'}</StatusWord>
          </td>
          <td className="px-3 py-1.5 tabular-nums">{c.restarts}</td>
          <td className="px-3 py-1.5 font-mono text-xs">
            {c.ports.map((p) => `${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol}`).join(', ') || '—'}
          </td>
        </tr>
      ))}
    </PlainTable>
  );
}
