import { describe, expect, it } from 'vitest';
import { RESPONSE_FLAGS, responseFlags } from '../../../lib/response-flags.js';

describe('responseFlags', () => {
  it('reads no flag from "-" or an empty value', () => {
    expect(responseFlags('-')).toEqual([]);
    expect(responseFlags('')).toEqual([]);
    expect(responseFlags(undefined)).toEqual([]);
  });

  it('reads each flag of a comma-separated value with its meaning in words', () => {
    const flags = responseFlags('UF,URX');
    expect(flags.map((f) => f.code)).toEqual(['UF', 'URX']);
    expect(flags[0]!.meaning).toMatch(/could not connect/);
  });

  it('reads the long names Envoy writes for %RESPONSE_FLAGS_LONG%', () => {
    expect(responseFlags('NoHealthyUpstream')[0]!.code).toBe('UH');
  });

  it('keeps a flag it does not know, named by its code, instead of dropping it', () => {
    expect(responseFlags('ZZ')).toEqual([{ code: 'ZZ', name: 'ZZ', status: null, meaning: 'Envoy flag ZZ' }]);
  });

  it('gives the status Envoy pairs with the flags that make their own reply', () => {
    const status = Object.fromEntries(RESPONSE_FLAGS.map((f) => [f.code, f.status]));
    expect(status).toMatchObject({ UH: 503, UF: 503, UO: 503, NR: 404, UT: 504, RL: 429 });
    expect(new Set(RESPONSE_FLAGS.map((f) => f.code)).size).toBe(RESPONSE_FLAGS.length);
  });
});
