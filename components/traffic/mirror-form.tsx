'use client';
import { useState } from 'react';
import type { MirrorChange } from '@/lib/api/traffic-change';
import type { FieldError } from './field-errors';
import { FieldErrorText } from './field-error-text';
import { clampPercent } from './weights';

const input = 'rounded border border-slate-300 px-1 py-0.5 text-sm';

/** A copy of a share of the requests goes to a version too; its answers are thrown away (Istio's mirror). */
export function MirrorForm({
  current,
  versions,
  onChange,
  errors,
  disabled,
}: {
  current: MirrorChange;
  versions: string[];
  onChange: (next: MirrorChange) => void;
  errors: FieldError[];
  disabled: boolean;
}) {
  const [on, setOn] = useState(current !== null);
  const [version, setVersion] = useState(current?.version ?? versions.at(-1) ?? '');
  const [percent, setPercent] = useState(current?.percent ?? 10);
  const update = (next: { on?: boolean; version?: string; percent?: number }) => {
    const n = { on, version, percent, ...next };
    setOn(n.on);
    setVersion(n.version);
    setPercent(n.percent);
    onChange(n.on ? { version: n.version, percent: n.percent } : null);
  };
  return (
    <fieldset disabled={disabled} className="space-y-1.5 text-sm">
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={on} onChange={(e) => update({ on: e.currentTarget.checked })} />
        Mirror a copy of the requests
      </label>
      {on && (
        <div className="grid grid-cols-[auto_1fr] items-center gap-x-2 gap-y-1">
          <label htmlFor="mirror-version">To version</label>
          <select
            id="mirror-version"
            className={input}
            value={version}
            onChange={(e) => update({ version: e.currentTarget.value })}
          >
            {versions.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
          <label htmlFor="mirror-percent">Percent</label>
          <input
            id="mirror-percent"
            type="number"
            min={0}
            max={100}
            className={input}
            value={percent}
            onChange={(e) => update({ percent: clampPercent(e.currentTarget.valueAsNumber) })}
          />
        </div>
      )}
      <FieldErrorText errors={errors} />
    </fieldset>
  );
}
