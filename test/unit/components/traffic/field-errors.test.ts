import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { errorsElsewhere, errorsUnder, fieldErrors } from '../../../../components/traffic/field-errors.js';
import { trafficChangeBody } from '../../../../lib/api/traffic-change.js';

describe("the traffic panel places the API's refusals next to the field they name", () => {
  it("reads zod's wording of a body refused with 400 (the contract's own messages)", () => {
    const refused = trafficChangeBody.safeParse({
      weights: { v1: 90.5, v2: 10 },
      mirror: { version: 'v2', percent: 140 },
    });
    expect(refused.success).toBe(false);
    const errors = fieldErrors(z.prettifyError(refused.error!));
    expect(errorsUnder(errors, 'weights.v1').map((e) => e.message)).toEqual(['a whole number from 0 to 100']);
    expect(errorsUnder(errors, 'mirror').map((e) => e.message)).toEqual(['a percentage from 0 to 100']);
  });

  it("reads the planner's problems joined by '; ', field first, a message's own ';' kept", () => {
    const errors = fieldErrors(
      'weights.v3: sa-logic has no version v3; its versions are v1, v2; weights: must sum to 100',
    );
    expect(errors).toEqual([
      { field: 'weights.v3', message: 'sa-logic has no version v3; its versions are v1, v2' },
      { field: 'weights', message: 'must sum to 100' },
    ]);
    expect(errorsUnder(errors, 'weights')).toHaveLength(2);
  });

  it('keeps a message that names no field for the panel itself', () => {
    const errors = fieldErrors('The Sextant server did not answer: check that it is running.');
    expect(errorsElsewhere(errors, ['weights', 'mirror'])).toEqual([
      { field: '', message: 'The Sextant server did not answer: check that it is running.' },
    ]);
  });
});
