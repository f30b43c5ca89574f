import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DOC_PATH,
  README_PATH,
  readmeCodesBlock,
  ruleIdsByCode,
  validationCodesDoc,
  withReadmeBlock,
} from '../../../scripts/validation-codes.js';
import { CATALOGUE } from '../../../server/validation/catalogue.js';
import { CODE_NAMES } from '../../../server/validation/code-names.js';

describe('docs/validation-codes.md', () => {
  it('lists every code of the catalogue with its status, as the catalogue and the cases now say', () => {
    // On failure: npx tsx scripts/validation-codes.ts, and commit the doc.
    expect(readFileSync(DOC_PATH, 'utf8')).toBe(validationCodesDoc(ruleIdsByCode()));
  });

  it('is summed up in the README, every code by its status, as the catalogue says', () => {
    // On failure: npx tsx scripts/validation-codes.ts, and commit the README.
    const readme = readFileSync(README_PATH, 'utf8');
    expect(readme).toBe(withReadmeBlock(readme, readmeCodesBlock()));
  });

  it('names what every code of the catalogue is', () => {
    expect(Object.keys(CATALOGUE).filter((code) => !CODE_NAMES[code])).toEqual([]);
  });
});
