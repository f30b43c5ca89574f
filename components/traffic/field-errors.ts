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
// A field path before a colon: letters, digits, dots, dashes and brackets, starting with a known body key.
const PLANNER_LINE =
  /^((?:weights|darkLaunch|mirror|resilience|resourceVersion|to|dryRun)(?:[.[][\w.\-[\]]*)?):\s*(.+)$/;

export function fieldErrors(message: string): FieldError[] {
  const out: FieldError[] = [];
  const lines = message
    .split(/\n|; (?=(?:weights|darkLaunch|mirror|resilience|resourceVersion|to|dryRun)[.[:])/)
    .map((l) => l.trim())
    .filter(Boolean);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const zod = ZOD_LINE.exec(line);
    if (zod) {
      const at = ZOD_PATH.exec(lines[i + 1] ?? '');
      if (at) i++;
      out.push({ field: at ? at[1]!.replace(/\[(\w+)\]/g, '.$1') : '', message: zod[1]! });
      continue;
    }
    const planner = PLANNER_LINE.exec(line);
    if (planner) out.push({ field: planner[1]!.replace(/\[(\w+)\]/g, '.$1'), message: planner[2]! });
    else out.push({ field: '', message: line });
  }
  return out;
}

/** The errors under a field (the field itself or anything inside it). */
export function errorsUnder(errors: FieldError[], field: string): FieldError[] {
  return errors.filter((e) => e.field === field || e.field.startsWith(`${field}.`));
}

/** The errors that name no field the panel shows, for the panel's own alert. */
export function errorsElsewhere(errors: FieldError[], shown: string[]): FieldError[] {
  return errors.filter((e) => !shown.some((f) => e.field === f || e.field.startsWith(`${f}.`)));
}
