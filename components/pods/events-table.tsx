import type { PodEvent } from '@/lib/api/pods';
import { PlainTable } from '../ui/plain-table';
import { age } from '../ui/pods-table';

const COLUMNS = ['Type', 'Reason', 'Age', 'From', 'Message'];

/** The pod's events as `kubectl describe` ends with them: oldest first, repeats counted. */
export function EventsTable({ events, now }: { events: PodEvent[]; now: number }) {
  if (events.length === 0)
    return <p className="text-sm text-slate-600">No events: Kubernetes keeps them for an hour by default.</p>;
  return (
    <PlainTable label="Events" columns={COLUMNS}>
      {events.map((e, i) => (
        <tr key={i} className={e.type === 'Warning' ? 'bg-amber-50' : undefined}>
          <td className="px-3 py-1.5">{e.type}</td>
          <td className="px-3 py-1.5 font-medium">{e.reason}</td>
          <td className="px-3 py-1.5 whitespace-nowrap tabular-nums">
            {age(e.lastSeen, now)}
            {e.count > 1 && ` (×${e.count} over ${age(e.firstSeen, now)})`}
          </td>
          <td className="px-3 py-1.5">{e.from}</td>
          <td className="px-3 py-1.5">
            {e.fieldPath && <span className="mr-1 font-mono text-xs text-slate-500">{e.fieldPath}:</span>}
            {e.message}
          </td>
        </tr>
      ))}
    </PlainTable>
  );
}
