import { describe, expect, it } from 'vitest';
import { canonicalJson, fnv1a32, podTemplateHash } from '../../../src/controllers/pod-template-hash.js';

describe('podTemplateHash', () => {
  it('hashes with 32-bit FNV-1a', () => {
    // Reference values of FNV-1a 32 (draft-eastlake-fnv): "" → 0x811c9dc5, "a" → 0xe40c292c.
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
  });

  it('spells the decimal hash in the vowel-free alphabet, one character per digit', () => {
    const template = { metadata: { labels: { app: 'x' } } };
    const digits = String(fnv1a32(canonicalJson(template)));
    const hash = podTemplateHash(template);
    expect(hash).toHaveLength(digits.length);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
  });

  it('ignores key order and changes with the template or a collision count', () => {
    const a = podTemplateHash({ spec: { a: 1, b: 2 } });
    expect(podTemplateHash({ spec: { b: 2, a: 1 } })).toBe(a);
    expect(podTemplateHash({ spec: { a: 1, b: 3 } })).not.toBe(a);
    expect(podTemplateHash({ spec: { a: 1, b: 2 } }, 1)).not.toBe(a);
  });
});
