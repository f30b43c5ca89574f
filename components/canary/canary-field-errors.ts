// The canary API's refusals split by the field they name, so the form shows each next to its field (pure,
// unit-tested). Two wordings: zod's for a body of the wrong shape (400): "✖ message\n  → at gates.minSuccessRate";
// and the server's own (422/409, problems joined by "; "): "canary: sa-logic has no version v9; maxWeight: …".
import { fieldErrorsOf, type FieldError } from '../traffic/field-errors';

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

export function canaryFieldErrors(message: string): FieldError[] {
  return fieldErrorsOf(message, CANARY_FIELDS);
}

/** The errors of one field of the form (gates' fields by their dotted name, e.g. gates.minSuccessRate). */
export const errorsOf = (errors: FieldError[], field: string) => errors.filter((e) => e.field === field);

/** The errors that name no field of the form, for the form's own alert. */
export function errorsOutside(errors: FieldError[], shown: readonly string[]): FieldError[] {
  return errors.filter((e) => !shown.includes(e.field));
}
