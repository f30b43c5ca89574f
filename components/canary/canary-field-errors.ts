// The canary API's refusals split by the field they name, so the form shows each next to its field (pure,
// unit-tested). Two wordings: zod's for a body of the wrong shape (400): "✖ message\n  → at gates.minSuccessRate";
// and the server's own (422/409, problems joined by "; "): "canary: sa-logic has no version v9; maxWeight: …".
import type { FieldError } from '../traffic/field-errors';

export const CANARY_FIELDS = [
  'canary',
  'baseline',
  'stepWeight',
  'maxWeight',
  'interval',
  'failureThreshold',
  'gates',
  'rewriteOnPromotion',
] as const;

const KEYS = CANARY_FIELDS.join('|');
const ZOD_LINE = /^✖\s*(.*)$/;
const ZOD_PATH = /^→ at (.+)$/;
const NAMED_LINE = new RegExp(`^((?:${KEYS})(?:\\.[\\w]+)*):\\s*(.+)$`);
const SPLIT = new RegExp(`\\n|; (?=(?:${KEYS})[.:])`);

export function canaryFieldErrors(message: string): FieldError[] {
  const out: FieldError[] = [];
  const lines = message
    .split(SPLIT)
    .map((l) => l.trim())
    .filter(Boolean);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const zod = ZOD_LINE.exec(line);
    if (zod) {
      const at = ZOD_PATH.exec(lines[i + 1] ?? '');
      if (at) i++;
      // The contract's own messages start with the field's name already ("maxWeight: must be at least …").
      out.push({ field: at ? at[1]!.replace(/\[(\w+)\]/g, '.$1') : '', message: zod[1]! });
      continue;
    }
    const named = NAMED_LINE.exec(line);
    if (named) out.push({ field: named[1]!, message: named[2]! });
    else out.push({ field: '', message: line });
  }
  return out;
}

/** The errors of one field of the form (gates' fields by their dotted name, e.g. gates.minSuccessRate). */
export const errorsOf = (errors: FieldError[], field: string) => errors.filter((e) => e.field === field);

/** The errors that name no field of the form, for the form's own alert. */
export function errorsOutside(errors: FieldError[], shown: readonly string[]): FieldError[] {
  return errors.filter((e) => !shown.includes(e.field));
}
