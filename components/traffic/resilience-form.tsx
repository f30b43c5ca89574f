'use client';
import { useState } from 'react';
import type { ResilienceChange } from '@/lib/api/traffic-change';
import { errorsUnder, type FieldError } from './field-errors';
import { FieldErrorText } from './field-error-text';
import {
  draftOf,
  RESILIENCE_FIELDS,
  RESILIENCE_GROUPS,
  type ResilienceDraft,
  type ResilienceField,
} from './resilience-draft';

const FIELDS = Object.keys(RESILIENCE_FIELDS) as ResilienceField[];

/**
 * Timeout and retries (on the route), circuit breaker and outlier detection (on the DestinationRule), fault injection
 * for testing. An emptied field removes that setting; the rest of the objects stay as they are.
 */
export function ResilienceForm({
  current,
  onChange,
  errors,
  disabled,
}: {
  current: ResilienceChange;
  onChange: (next: ResilienceDraft) => void;
  errors: FieldError[];
  disabled: boolean;
}) {
  const [draft, setDraft] = useState(() => draftOf(current));
  const set = (field: ResilienceField, value: string) => {
    const next = { ...draft, [field]: value };
    setDraft(next);
    onChange(next);
  };
  return (
    <div className="space-y-2 text-sm">
      {RESILIENCE_GROUPS.map((group) => (
        <fieldset key={group.key} disabled={disabled} className="space-y-1">
          <legend className="font-medium">{group.title}</legend>
          <div className="grid grid-cols-[auto_1fr] items-center gap-x-2 gap-y-1">
            {FIELDS.filter((f) => f === group.key || f.startsWith(`${group.key}.`)).map((f) => (
              <FieldRow
                key={f}
                field={f}
                value={draft[f]}
                onChange={(v) => set(f, v)}
                errors={errorsUnder(errors, `resilience.${f}`)}
              />
            ))}
          </div>
          <FieldErrorText
            errors={errors.filter(
              (e) =>
                e.field === `resilience.${group.key}` ||
                e.field === `resilience.${group.key}.delay` ||
                e.field === `resilience.${group.key}.abort`,
            )}
          />
        </fieldset>
      ))}
    </div>
  );
}

function FieldRow({
  field,
  value,
  onChange,
  errors,
}: {
  field: ResilienceField;
  value: string;
  onChange: (value: string) => void;
  errors: FieldError[];
}) {
  const { label, hint, number } = RESILIENCE_FIELDS[field];
  const id = `resilience-${field.replaceAll('.', '-')}`;
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <div>
        <input
          id={id}
          inputMode={number ? 'numeric' : 'text'}
          value={value}
          placeholder={hint}
          aria-describedby={errors.length > 0 ? `${id}-error` : undefined}
          onChange={(e) => onChange(e.currentTarget.value)}
          className="w-full rounded border border-slate-300 px-1 py-0.5"
        />
        <FieldErrorText errors={errors} id={`${id}-error`} />
      </div>
    </>
  );
}
