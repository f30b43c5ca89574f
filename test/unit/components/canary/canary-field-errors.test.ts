import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { canaryStartBody } from '../../../../lib/api/canary.js';
import { canaryFieldErrors, errorsOutside } from '../../../../components/canary/canary-field-errors.js';

describe("the canary API's refusals by the field they name", () => {
  it("reads zod's wording of a bad body (400), nested gates included", () => {
    const parsed = canaryStartBody.safeParse({
      canary: 'v2',
      stepWeight: 30,
      maxWeight: 20,
      interval: '10s',
      gates: { minSuccessRate: 120 },
    });
    const errors = canaryFieldErrors(z.prettifyError(parsed.error!));
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'gates.minSuccessRate', message: 'a percentage from 0 to 100' },
        {
          field: 'maxWeight',
          message: 'maxWeight: must be at least stepWeight (the first step already sends stepWeight %)',
        },
      ]),
    );
  });

  it("reads the server's own wording, problems joined by semicolons (422)", () => {
    expect(canaryFieldErrors('canary: sa-logic has no version v9; baseline: must differ from the canary')).toEqual([
      { field: 'canary', message: 'sa-logic has no version v9' },
      { field: 'baseline', message: 'must differ from the canary' },
    ]);
  });

  it('keeps a refusal that names no field of the form for the form’s own alert', () => {
    const errors = canaryFieldErrors('sa-logic already has a canary run in progress (v2 at 20 %)');
    expect(errorsOutside(errors, ['canary', 'baseline'])).toEqual([
      { field: '', message: 'sa-logic already has a canary run in progress (v2 at 20 %)' },
    ]);
  });
});
