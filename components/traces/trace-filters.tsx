'use client';
import { useState, type FormEvent } from 'react';
import type { TraceFilterValues } from './trace-search';

/**
 * The filters of the trace search: operation, status, duration range (Go durations, as Jaeger takes them) and tags.
 * Applied on submit, so typing "10" on the way to "100ms" does not send a query per key.
 */
export function TraceFilters({
  values,
  operations,
  onApply,
}: {
  values: TraceFilterValues;
  /** The operations seen in the answer, offered as suggestions. */
  operations: string[];
  onApply: (values: TraceFilterValues) => void;
}) {
  const [draft, setDraft] = useState(values);
  const set = (key: keyof TraceFilterValues) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [key]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };
  const input = 'rounded border border-slate-300 px-2 py-1 text-sm';
  return (
    <form aria-label="Trace filters" onSubmit={submit} className="flex flex-wrap items-end gap-2 text-sm">
      <label className="flex flex-col text-xs text-slate-600">
        Operation
        <input className={input} list="trace-operations" value={draft.operation} onChange={set('operation')} />
        <datalist id="trace-operations">
          {operations.map((op) => (
            <option key={op} value={op} />
          ))}
        </datalist>
      </label>
      <label className="flex flex-col text-xs text-slate-600">
        Status
        <select className={input} value={draft.status} onChange={set('status')}>
          <option value="">any</option>
          <option value="error">error</option>
          <option value="ok">ok</option>
        </select>
      </label>
      <label className="flex flex-col text-xs text-slate-600">
        Min duration
        <input
          className={`${input} w-24`}
          placeholder="100ms"
          value={draft.minDuration}
          onChange={set('minDuration')}
        />
      </label>
      <label className="flex flex-col text-xs text-slate-600">
        Max duration
        <input className={`${input} w-24`} placeholder="2s" value={draft.maxDuration} onChange={set('maxDuration')} />
      </label>
      <label className="flex flex-col text-xs text-slate-600">
        Tags
        <input
          className={`${input} w-64`}
          placeholder="http.status_code=503 response_flags=UF"
          value={draft.tags}
          onChange={set('tags')}
        />
      </label>
      <button type="submit" className="rounded border border-slate-400 bg-white px-3 py-1 hover:bg-slate-50">
        Find traces
      </button>
    </form>
  );
}
