'use client';
import { METRIC_SPLITS, type MetricSplit } from '@/lib/api/entity-metrics';

const LABEL = 'flex items-center gap-2 text-sm';
const SELECT = 'rounded border border-slate-300 bg-white px-2 py-1 text-sm';

const SPLIT_NAMES: Record<MetricSplit, string> = {
  source: 'Source workload',
  destination: 'Destination service',
  version: 'Version',
  code: 'Response code',
  protocol: 'Protocol',
};

export interface MetricControlValues {
  direction: 'inbound' | 'outbound';
  by: MetricSplit | undefined;
  reporter: 'source' | 'destination';
}

/** Direction, split and reporter of the Metrics tab; a service only receives, so it has no direction to choose. */
export function MetricControls({
  values,
  onChange,
  canSend,
}: {
  values: MetricControlValues;
  onChange: (changes: Partial<Record<keyof MetricControlValues, string | null>>) => void;
  canSend: boolean;
}) {
  return (
    <div role="toolbar" aria-label="Metrics options" className="flex flex-wrap items-center gap-x-4 gap-y-2">
      {canSend && (
        <label className={LABEL}>
          <span className="text-slate-600">Direction</span>
          <select
            value={values.direction}
            // The reporter follows the direction unless the person chose one: back to the route's default.
            onChange={(e) =>
              onChange({ direction: e.target.value === 'inbound' ? null : e.target.value, reporter: null })
            }
            className={SELECT}
          >
            <option value="inbound">Inbound</option>
            <option value="outbound">Outbound</option>
          </select>
        </label>
      )}
      <label className={LABEL}>
        <span className="text-slate-600">Split by</span>
        <select value={values.by ?? ''} onChange={(e) => onChange({ by: e.target.value || null })} className={SELECT}>
          <option value="">Nothing</option>
          {METRIC_SPLITS.map((s) => (
            <option key={s} value={s}>
              {SPLIT_NAMES[s]}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="flex items-center gap-2 text-sm">
        <legend className="sr-only">Reported by</legend>
        <span className="text-slate-600" aria-hidden="true">
          Reported by
        </span>
        {(['source', 'destination'] as const).map((r) => (
          <label key={r} className="flex items-center gap-1">
            <input
              type="radio"
              name="metrics-reporter"
              value={r}
              checked={values.reporter === r}
              onChange={() => onChange({ reporter: r })}
            />
            {r === 'source' ? 'Source (caller)' : 'Destination (server)'}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
