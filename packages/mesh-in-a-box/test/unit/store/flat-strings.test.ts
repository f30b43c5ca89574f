import { afterEach, describe, expect, it, vi } from 'vitest';
import { flat, newUid, nowTimestamp } from '../../../src/store/flat-strings.js';

describe('flat strings', () => {
  afterEach(() => vi.useRealTimers());

  it('keeps every character of a string built from pieces, lone surrogates and non-Latin text included', () => {
    const pieces = ['spiffe://cluster.local/ns/', 'démo', '/sa/', '\ud800', '-', '日本語', 'x'.repeat(40)];
    const joined = pieces.reduce((a, b) => a + b);
    expect(flat(joined)).toBe(joined);
    expect(flat('short')).toBe('short');
  });

  it('makes uids as the API server does: random UUIDs (version 4, RFC 4122 variant), all different', () => {
    const uids = Array.from({ length: 50 }, newUid);
    for (const uid of uids)
      expect(uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(uids).size).toBe(50);
  });

  it('stamps metav1.Time to the second in UTC (RFC 3339, as the API server serialises it), moving with the clock', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-12-06T20:05:07.912Z'));
    expect(nowTimestamp()).toBe('2026-12-06T20:05:07Z');
    vi.setSystemTime(new Date('2026-12-06T20:05:07.999Z'));
    expect(nowTimestamp()).toBe('2026-12-06T20:05:07Z');
    vi.setSystemTime(new Date('2026-12-06T20:05:08.001Z'));
    expect(nowTimestamp()).toBe('2026-12-06T20:05:08Z');
  });
});
