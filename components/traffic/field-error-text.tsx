import type { FieldError } from './field-errors';

/** The API's words about one field, next to that field. */
export function FieldErrorText({ errors, id }: { errors: FieldError[]; id?: string }) {
  if (errors.length === 0) return null;
  return (
    <p id={id} role="alert" className="text-xs text-red-700">
      {errors.map((e) => e.message).join('; ')}
    </p>
  );
}
