// The API's refusals split by the field they name, so the panel shows each next to its field (pure, unit-tested).
// Two wordings reach the panel: zod's (z.prettifyError, for a body of the wrong shape, 400): "✖ message\n  → at
// weights.v1"; and the planner's (422, problems joined by "; "): "weights.v3: sa-logic has no version v3; weights: …".

export interface FieldError {
  /** Dotted path from the body's root, e.g. `weights.v2`, `resilience.retries.attempts`; '' when none is named. */
  field: string;
  message: string;
}

const ZOD_LINE = /^✖\s*(.*)$/;
const ZOD_PATH = /^→ at (.+)$/;
const TRAFFIC_KEYS = ['weights', 'darkLaunch', 'mirror', 'resilience', 'resourceVersion', 'to', 'dryRun'];
const bracketsToDots = (path: string) => path.replace(/\[(\w+)\]/g, '.$1');

/**
 * A refusal split by the field each part names, for a body whose top-level keys are `keys`: zod's lines ("✖ message"
 * then "→ at path"), and the server's "key.path: message" parts joined by "; ". A part that names no field has ''.
 */
export function fieldErrorsOf(message: string, keys: readonly string[]): FieldError[] {
  const names = keys.join('|');
  // A field path before a colon: letters, digits, dots, dashes and brackets, starting with a known body key.
  const named = new RegExp(`^((?:${names})(?:[.[][\\w.\\-[\\]]*)?):\\s*(.+)$`);
  const split = new RegExp(`\\n|; (?=(?:${names})[.[:])`);
  const out: FieldError[] = [];
  const lines = message
    .split(split)
    .map((l) => l.trim())
    .filter(Boolean);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const zod = ZOD_LINE.exec(line);
    if (zod) {
      const at = ZOD_PATH.exec(lines[i + 1] ?? '');
      if (at) i++;
      out.push({ field: at ? bracketsToDots(at[1]!) : '', message: zod[1]! });
      continue;
    }
    const match = named.exec(line);
    if (match) out.push({ field: bracketsToDots(match[1]!), message: match[2]! });
    else out.push({ field: '', message: line });
  }
  return out;
}

/** The traffic API's refusals (weights.v3: …, resilience.retries.attempts: …) by field. */
export function fieldErrors(message: string): FieldError[] {
  return fieldErrorsOf(message, TRAFFIC_KEYS);
}

/** The errors under a field (the field itself or anything inside it). */
export function errorsUnder(errors: FieldError[], field: string): FieldError[] {
  return errors.filter((e) => e.field === field || e.field.startsWith(`${field}.`));
}

/** The errors that name no field the panel shows, for the panel's own alert. */
export function errorsElsewhere(errors: FieldError[], shown: string[]): FieldError[] {
  return errors.filter((e) => !shown.some((f) => e.field === f || e.field.startsWith(`${f}.`)));
}
