'use client';
import { useState } from 'react';
import type { DarkLaunchChange } from '@/lib/api/traffic-change';
import { errorsUnder, type FieldError } from './field-errors';
import { FieldErrorText } from './field-error-text';

interface Draft {
  on: boolean;
  version: string;
  by: 'header' | 'cookie';
  name: string;
  value: string;
  mode: 'exact' | 'prefix' | 'regex';
}

function draftOf(current: DarkLaunchChange | null, versions: string[]): Draft {
  if (!current) return { on: false, version: versions.at(-1) ?? '', by: 'header', name: '', value: '', mode: 'exact' };
  const m = current.match;
  return 'header' in m
    ? { on: true, version: current.version, by: 'header', name: m.header, value: m.value, mode: m.mode }
    : { on: true, version: current.version, by: 'cookie', name: m.cookie, value: m.value, mode: 'exact' };
}

function changeOf(d: Draft): DarkLaunchChange | null {
  if (!d.on) return null;
  const match =
    d.by === 'header' ? { header: d.name, value: d.value, mode: d.mode } : { cookie: d.name, value: d.value };
  return { version: d.version, match };
}

const input = 'rounded border border-slate-300 px-1 py-0.5 text-sm';

/**
 * Requests that carry a header (the article's `usertype: beta` claim forwarded by the gateway) or a cookie go to one
 * version; the rest keep their route.
 */
export function DarkLaunchForm({
  current,
  versions,
  onChange,
  errors,
  disabled,
}: {
  current: DarkLaunchChange | null;
  versions: string[];
  onChange: (next: DarkLaunchChange | null) => void;
  errors: FieldError[];
  disabled: boolean;
}) {
  const [draft, setDraft] = useState(() => draftOf(current, versions));
  const update = (patch: Partial<Draft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    onChange(changeOf(next));
  };
  const at = (field: string) => errorsUnder(errors, `darkLaunch.${field}`);
  return (
    <fieldset disabled={disabled} className="space-y-1.5 text-sm">
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={draft.on} onChange={(e) => update({ on: e.currentTarget.checked })} />
        Send matching requests to one version
      </label>
      {draft.on && (
        <div className="grid grid-cols-[auto_1fr] items-center gap-x-2 gap-y-1">
          <label htmlFor="dark-version">Version</label>
          <select
            id="dark-version"
            className={input}
            value={draft.version}
            onChange={(e) => update({ version: e.currentTarget.value })}
          >
            {versions.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
          <label htmlFor="dark-by">Match on</label>
          <select
            id="dark-by"
            className={input}
            value={draft.by}
            onChange={(e) => update({ by: e.currentTarget.value as Draft['by'] })}
          >
            <option value="header">a header</option>
            <option value="cookie">a cookie</option>
          </select>
          <label htmlFor="dark-name">{draft.by === 'header' ? 'Header' : 'Cookie'}</label>
          <input
            id="dark-name"
            className={input}
            value={draft.name}
            placeholder={draft.by === 'header' ? 'x-usertype' : 'user'}
            onChange={(e) => update({ name: e.currentTarget.value })}
          />
          <label htmlFor="dark-value">Value</label>
          <input
            id="dark-value"
            className={input}
            value={draft.value}
            placeholder="beta"
            onChange={(e) => update({ value: e.currentTarget.value })}
          />
          {draft.by === 'header' && (
            <>
              <label htmlFor="dark-mode">Match</label>
              <select
                id="dark-mode"
                className={input}
                value={draft.mode}
                onChange={(e) => update({ mode: e.currentTarget.value as Draft['mode'] })}
              >
                <option value="exact">exactly</option>
                <option value="prefix">by prefix</option>
                <option value="regex">by regular expression (RE2)</option>
              </select>
            </>
          )}
        </div>
      )}
      <FieldErrorText errors={[...at('version'), ...at('match'), ...errors.filter((e) => e.field === 'darkLaunch')]} />
    </fieldset>
  );
}
