import type { PodDetail } from '@/lib/api/pods';

/** The pod's conditions (PodScheduled, Initialized, ContainersReady, Ready), with why one is not True. */
export function ConditionsList({ conditions }: { conditions: PodDetail['conditions'] }) {
  if (conditions.length === 0) return <p className="text-sm text-slate-600">No conditions reported yet.</p>;
  return (
    <ul aria-label="Conditions" className="flex flex-wrap gap-2 text-sm">
      {conditions.map((c) => (
        <li
          key={c.type}
          title={c.message ?? undefined}
          className={`rounded border px-2 py-0.5 ${
            c.status === 'True'
              ? 'border-emerald-200 bg-emerald-50 text-emerald-800'
              : 'border-amber-200 bg-amber-50 text-amber-900'
          }`}
        >
          {c.type}: {c.status}
          {c.reason && ` (${c.reason})`}
        </li>
      ))}
    </ul>
  );
}
