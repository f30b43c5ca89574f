import { describe, expect, it } from 'vitest';
import { AccessLogRing } from '../../../../../server/demo/telemetry/access-log-ring.js';

const times = (items: { timeMs: number }[]) => items.map((item) => item.timeMs);

describe('AccessLogRing', () => {
  it('keeps items in time order when one arrives late', () => {
    const ring = new AccessLogRing<{ timeMs: number }>();
    for (const timeMs of [1, 2, 5, 3, 4]) ring.push({ timeMs }, 10);
    expect(times(ring.slice())).toEqual([1, 2, 3, 4, 5]);
  });

  it('drops the oldest beyond its capacity, and shrinks when the capacity does', () => {
    const ring = new AccessLogRing<{ timeMs: number }>();
    for (let timeMs = 1; timeMs <= 500; timeMs++) ring.push({ timeMs }, 100);
    expect(ring.size).toBe(100);
    expect(times(ring.slice()).slice(0, 2)).toEqual([401, 402]);
    ring.push({ timeMs: 501 }, 10);
    expect(times(ring.slice())).toEqual([492, 493, 494, 495, 496, 497, 498, 499, 500, 501]);
  });

  it('slices from a time and to a tail', () => {
    const ring = new AccessLogRing<{ timeMs: number }>();
    for (let timeMs = 1; timeMs <= 10; timeMs++) ring.push({ timeMs }, 100);
    expect(times(ring.slice(8))).toEqual([8, 9, 10]);
    expect(times(ring.slice(undefined, 2))).toEqual([9, 10]);
    expect(times(ring.slice(3, 2))).toEqual([9, 10]);
    expect(ring.slice(11)).toEqual([]);
  });
});
