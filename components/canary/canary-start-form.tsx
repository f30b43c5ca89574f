'use client';
import { useState, type ReactNode } from 'react';
import type { TrafficRoutingResponse } from '@/lib/api/traffic-change';
import { useStartCanary } from '@/lib/api/use-canary';
import { FieldErrorText } from '../traffic/field-error-text';
import type { FieldError } from '../traffic/field-errors';
import { canaryFieldErrors, errorsOf, errorsOutside } from './canary-field-errors';
import { CANARY_PRESETS, describeRun, presetOf, startBody, type CanaryDraft } from './canary-presets';

type ServiceRef = { namespace: string; name: string };

// The form's fields by the API's name for them: a refusal naming one shows beside it.
const SHOWN = [
  'canary',
  'baseline',
  'stepWeight',
  'maxWeight',
  'interval',
  'failureThreshold',
  'gates.minSuccessRate',
  'gates.maxP99Ms',
  'gates.minRequests',
  'gates.maxDegradationVsBaseline',
  'rewriteOnPromotion',
];

/** The version that takes the most of the default route now (the one a canary replaces), else the first. */
function currentVersion(routing: TrafficRoutingResponse): string {
  const names = routing.versions.map((v) => v.name);
  if (routing.weights) {
    const top = Object.entries(routing.weights).sort((a, b) => b[1] - a[1])[0];
    if (top && names.includes(top[0])) return top[0];
  }
  return names[0] ?? '';
}

function initialDraft(routing: TrafficRoutingResponse): CanaryDraft {
  const baseline = currentVersion(routing);
  const canary = routing.versions.map((v) => v.name).find((v) => v !== baseline) ?? '';
  return { canary, baseline, ...CANARY_PRESETS.find((p) => p.name === 'Quick (demo)')!.fields };
}

function Field({
  id,
  label,
  errors,
  children,
}: {
  id: string;
  label: string;
  errors: FieldError[];
  children: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-0.5 text-sm">
      <label htmlFor={id} className="text-xs font-medium text-slate-700">
        {label}
      </label>
      {children}
      <FieldErrorText errors={errors} id={`${id}-error`} />
    </div>
  );
}

/**
 * Starts a progressive canary: which version against which, presets like Flagger's, every field editable, the run said
 * in one sentence before it starts; the API's refusals next to the field they name.
 */
export function CanaryStartForm({
  service,
  routing,
  disabled,
}: {
  service: ServiceRef;
  routing: TrafficRoutingResponse;
  disabled: string | null;
}) {
  const [draft, setDraft] = useState<CanaryDraft>(() => initialDraft(routing));
  const start = useStartCanary(service);
  const errors = start.error ? canaryFieldErrors(start.error.message) : [];
  const elsewhere = errorsOutside(errors, SHOWN);
  const versions = routing.versions.map((v) => v.name);
  const preset = presetOf(draft);
  const set = (patch: Partial<CanaryDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    if (start.error) start.reset();
  };
  const prefix = `canary-${service.namespace}-${service.name}`;
  const input = (key: keyof CanaryDraft & string, field: string, label: string, inputMode: 'decimal' | 'text') => {
    const id = `${prefix}-${key}`;
    const fieldErrors = errorsOf(errors, field);
    return (
      <Field id={id} label={label} errors={fieldErrors}>
        <input
          id={id}
          type="text"
          inputMode={inputMode}
          value={draft[key] as string}
          onChange={(e) => set({ [key]: e.target.value })}
          disabled={disabled !== null}
          aria-invalid={fieldErrors.length > 0}
          aria-describedby={fieldErrors.length > 0 ? `${id}-error` : undefined}
          className="w-28 rounded border border-slate-300 px-2 py-0.5"
        />
      </Field>
    );
  };
  const select = (key: 'canary' | 'baseline', label: string) => {
    const id = `${prefix}-${key}`;
    const fieldErrors = errorsOf(errors, key);
    return (
      <Field id={id} label={label} errors={fieldErrors}>
        <select
          id={id}
          value={draft[key]}
          onChange={(e) => set({ [key]: e.target.value })}
          disabled={disabled !== null}
          aria-invalid={fieldErrors.length > 0}
          className="w-28 rounded border border-slate-300 px-2 py-0.5"
        >
          {!versions.includes(draft[key]) && <option value={draft[key]}>{draft[key] || '(none)'}</option>}
          {versions.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </Field>
    );
  };

  return (
    <form
      aria-label={`Start a canary of ${service.name}`}
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        start.mutate(startBody(draft));
      }}
    >
      {versions.length < 2 && (
        <p className="text-sm text-slate-600">
          {service.name} has {versions.length === 0 ? 'no version' : `one version (${versions[0]})`}: a canary needs a
          second version to send traffic to. Deploy it with a version label first.
        </p>
      )}
      <div role="group" aria-label="Presets" className="flex flex-wrap items-center gap-1 text-xs">
        <span className="text-slate-600">Presets:</span>
        {CANARY_PRESETS.map((p) => (
          <button
            key={p.name}
            type="button"
            aria-pressed={preset === p.name}
            disabled={disabled !== null}
            onClick={() => set(p.fields)}
            className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100 aria-pressed:border-sky-700 aria-pressed:bg-sky-50 disabled:opacity-50"
          >
            {p.name}
          </button>
        ))}
      </div>
      <div className="flex flex-wrap gap-3">
        {select('canary', 'Canary version')}
        {select('baseline', 'Baseline')}
        {input('stepWeight', 'stepWeight', 'Step weight (%)', 'decimal')}
        {input('maxWeight', 'maxWeight', 'Max weight (%)', 'decimal')}
        {input('interval', 'interval', 'Interval', 'text')}
        {input('failureThreshold', 'failureThreshold', 'Failed intervals to roll back', 'decimal')}
      </div>
      <fieldset className="flex flex-wrap gap-3 rounded border border-slate-200 px-2 pb-2">
        <legend className="px-1 text-xs font-medium text-slate-700">Gates on the canary (empty: not checked)</legend>
        {input('minSuccessRate', 'gates.minSuccessRate', 'Success rate at least (%)', 'decimal')}
        {input('maxP99Ms', 'gates.maxP99Ms', 'p99 at most (ms)', 'decimal')}
        {input('minRequests', 'gates.minRequests', 'Requests per interval at least', 'decimal')}
        {input(
          'maxDegradationVsBaseline',
          'gates.maxDegradationVsBaseline',
          'Worse than the baseline by at most (points)',
          'decimal',
        )}
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={draft.rewriteOnPromotion}
          onChange={(e) => set({ rewriteOnPromotion: e.target.checked })}
          disabled={disabled !== null}
        />
        On promotion, drop the baseline&apos;s subset from the DestinationRule
      </label>
      <FieldErrorText errors={errorsOf(errors, 'rewriteOnPromotion')} />
      <p
        role="note"
        aria-label="What the canary will do"
        className="rounded bg-slate-50 px-2 py-1 text-sm text-slate-800"
      >
        {describeRun(draft)}
      </p>
      {elsewhere.length > 0 && (
        <p role="alert" className="text-sm text-red-700">
          Not started: {elsewhere.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ')}
        </p>
      )}
      <button
        type="submit"
        disabled={disabled !== null || start.isPending}
        title={disabled ?? undefined}
        className="rounded border border-sky-700 bg-sky-700 px-3 py-1 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-50"
      >
        {start.isPending ? 'Starting…' : 'Start canary'}
      </button>
    </form>
  );
}
