import { describe, expect, it } from 'vitest';
import { sameJson } from '../../../src/store/same-json.js';

describe('sameJson', () => {
  it('equals what serialises alike, whatever the order of the keys', () => {
    expect(sameJson({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1, gone: undefined }, { a: 1 })).toBe(true); // JSON.stringify leaves the key out
  });

  it('tells apart a changed value, a missing key, an array from an object and null from an empty object', () => {
    expect(sameJson({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameJson({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameJson({ a: 1 }, { b: 1 })).toBe(false);
    expect(sameJson([], {})).toBe(false);
    expect(sameJson(null, {})).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
  });
});
