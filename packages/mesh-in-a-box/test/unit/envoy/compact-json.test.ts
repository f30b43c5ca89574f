import { describe, expect, it } from 'vitest';
import { compactJson, reusableJson } from '../../../src/envoy/compact-json.js';

describe('compactJson', () => {
  it('prints what JSON.stringify prints, reusable parts included', () => {
    const cluster = reusableJson({ name: 'outbound|80||a', skipped: undefined, hosts: [1, undefined, 'x'] });
    const value = {
      configs: [{ '@type': 't', clusters: [cluster, cluster], empty: {}, none: [] }],
      n: null,
      f: () => 1,
    };
    expect(compactJson(value)).toBe(JSON.stringify(value));
    expect(compactJson(value)).toBe(JSON.stringify(value)); // the second time from the kept text
  });

  it('keeps the text of a reusable object, so it must not be changed once printed', () => {
    const frozenLater = reusableJson({ weight: 90 } as { weight: number });
    expect(compactJson([frozenLater])).toBe('[{"weight":90}]');
    frozenLater.weight = 10;
    expect(compactJson([frozenLater])).toBe('[{"weight":90}]');
  });
});
