'use client';
import { useId } from 'react';

const HINT =
  'e.g. rps > 10, %error > 1, responseTime > 100, name = sa-logic, version = v2, protocol = tcp, mtls, !healthy';

function ExpressionInput({
  label,
  value,
  onChange,
  error,
  status,
}: {
  label: 'Find' | 'Hide';
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  status: string | null;
}) {
  const id = useId();
  return (
    <div className="flex min-w-72 flex-1 flex-col">
      <div className="flex items-center gap-2">
        <label htmlFor={id} className="w-10 text-sm text-slate-600">
          {label}
        </label>
        <input
          id={id}
          type="search"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder={HINT}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-note`}
          className={`flex-1 rounded border px-2 py-1 font-mono text-sm ${error ? 'border-red-400' : 'border-slate-300'}`}
        />
      </div>
      <p
        id={`${id}-note`}
        className={`ml-12 text-xs ${error ? 'text-red-700' : 'text-slate-500'}`}
        role={error ? 'alert' : undefined}
      >
        {error ? `${label}: ${error}` : status}
      </p>
    </div>
  );
}

/** Find highlights what matches, hide removes it from the graph; a bad expression says what is wrong. */
export function FindBar({
  find,
  hide,
  onFind,
  onHide,
  findError,
  hideError,
  foundCount,
  hiddenCount,
}: {
  find: string;
  hide: string;
  onFind: (value: string) => void;
  onHide: (value: string) => void;
  findError: string | null;
  hideError: string | null;
  foundCount: number | null;
  hiddenCount: number | null;
}) {
  return (
    <div className="flex flex-wrap gap-x-6 gap-y-1">
      <ExpressionInput
        label="Find"
        value={find}
        onChange={onFind}
        error={findError}
        status={foundCount === null ? null : `${foundCount} found`}
      />
      <ExpressionInput
        label="Hide"
        value={hide}
        onChange={onHide}
        error={hideError}
        status={hiddenCount === null ? null : `${hiddenCount} hidden`}
      />
    </div>
  );
}
