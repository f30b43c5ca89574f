'use client';
import type { TrafficRoutingResponse } from '@/lib/api/traffic-change';
import { errorsUnder, type FieldError } from './field-errors';
import { FieldErrorText } from './field-error-text';
import { PRESETS, presetWeights, rebalance, type Weights } from './weights';

/**
 * A slider and a number per version, kept summing to 100 (moving one rebalances the others), and the canary presets.
 * The presets apply to the first two versions, the baseline and the canary.
 */
export function WeightEditor({
  versions,
  weights,
  onChange,
  errors,
  disabled,
  compact,
}: {
  versions: TrafficRoutingResponse['versions'];
  weights: Weights;
  onChange: (next: Weights) => void;
  errors: FieldError[];
  disabled: boolean;
  compact: boolean;
}) {
  const order = versions.map((v) => v.name);
  const set = (version: string, value: number) => onChange(rebalance(weights, order, version, value));
  return (
    <fieldset disabled={disabled} className="space-y-2">
      <legend className="text-sm font-medium">Weights</legend>
      {versions.map((v) => {
        const rowErrors = errorsUnder(errors, `weights.${v.name}`);
        const errorId = rowErrors.length > 0 ? `weight-error-${v.name}` : undefined;
        return (
          <div key={v.name} className="space-y-0.5">
            <div className="flex items-center gap-2 text-sm">
              <span className="w-12 shrink-0 font-mono">{v.name}</span>
              <input
                type="range"
                min={0}
                max={100}
                step={1}
                value={weights[v.name] ?? 0}
                aria-label={`Share of ${v.name}`}
                aria-describedby={errorId}
                onChange={(e) => set(v.name, e.currentTarget.valueAsNumber)}
                className="min-w-0 flex-1"
              />
              <input
                type="number"
                min={0}
                max={100}
                step={1}
                value={weights[v.name] ?? 0}
                aria-label={`${v.name} %`}
                aria-describedby={errorId}
                onChange={(e) => set(v.name, e.currentTarget.valueAsNumber)}
                className="w-16 rounded border border-slate-300 px-1 py-0.5 text-right"
              />
              <span aria-hidden="true">%</span>
              {!compact && <span className="text-xs text-slate-500">{v.pods === 1 ? '1 pod' : `${v.pods} pods`}</span>}
            </div>
            <FieldErrorText errors={rowErrors} id={errorId} />
          </div>
        );
      })}
      {order.length >= 2 && (
        <div role="group" aria-label="Presets" className="flex flex-wrap gap-1">
          {PRESETS.map((p) => (
            <button
              key={p.join('/')}
              type="button"
              onClick={() => onChange(presetWeights(order, p))}
              className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100"
            >
              {p.join('/')}
            </button>
          ))}
        </div>
      )}
      {/* What names the weights as a whole (their sum, a version the service lacks) rather than one version's. */}
      <FieldErrorText
        errors={errors.filter(
          (e) =>
            e.field === 'weights' || (!order.some((v) => e.field === `weights.${v}`) && e.field.startsWith('weights.')),
        )}
      />
    </fieldset>
  );
}
