import { describe, expect, it } from 'vitest';
import { AccessLogRing } from '../../../src/telemetry/access-log-ring.js';

const times = (ring: AccessLogRing, sinceMs?: number, tail?: number) =>
  ring.slice(sinceMs, tail).map((entry) => entry.timeMs);

/** A ring fed times whose handle is the time and whose tag is the time modulo 4; dropped handles are collected. */
function ringOf(timesMs: number[], capacity: number, dropped: number[] = []): AccessLogRing {
  const ring = new AccessLogRing();
  for (const timeMs of timesMs) ring.push(timeMs, timeMs, timeMs % 4, capacity, (handle) => dropped.push(handle));
  return ring;
}

describe('AccessLogRing', () => {
  it('keeps entries in time order when one arrives late, each with its handle and tag', () => {
    const ring = ringOf([1, 2, 5, 3, 4], 10);
    expect(ring.slice()).toEqual([1, 2, 3, 4, 5].map((t) => ({ timeMs: t, handle: t, tag: t % 4 })));
  });

  it('keeps order across the wrap of its buffer', () => {
    const dropped: number[] = [];
    const ring = ringOf([1, 2, 3, 4, 5, 6, 9, 7, 8, 10, 12, 11], 5, dropped);
    expect(times(ring)).toEqual([8, 9, 10, 11, 12]);
    expect(ring.slice().map((entry) => entry.handle)).toEqual([8, 9, 10, 11, 12]);
    expect(dropped.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('drops the oldest beyond its capacity, and shrinks when the capacity does', () => {
    const dropped: number[] = [];
    const ring = ringOf(
      Array.from({ length: 500 }, (_, i) => i + 1),
      100,
      dropped,
    );
    expect(ring.size).toBe(100);
    expect(dropped).toHaveLength(400);
    expect(times(ring).slice(0, 2)).toEqual([401, 402]);
    ring.push(501, 501, 0, 10, (handle) => dropped.push(handle));
    expect(times(ring)).toEqual([492, 493, 494, 495, 496, 497, 498, 499, 500, 501]);
    expect(dropped).toHaveLength(491);
  });

  it('drops a late entry at once when it is older than a full ring', () => {
    const dropped: number[] = [];
    const ring = ringOf([10, 11, 12, 5], 3, dropped);
    expect(times(ring)).toEqual([10, 11, 12]);
    expect(dropped).toEqual([5]);
  });

  it('hands every handle back when cleared', () => {
    const dropped: number[] = [];
    const ring = ringOf([1, 2, 3], 10);
    ring.clear((handle) => dropped.push(handle));
    expect(dropped).toEqual([1, 2, 3]);
    expect(ring.size).toBe(0);
  });

  it('slices from a time and to a tail', () => {
    const ring = ringOf(
      Array.from({ length: 10 }, (_, i) => i + 1),
      100,
    );
    expect(times(ring, 8)).toEqual([8, 9, 10]);
    expect(times(ring, undefined, 2)).toEqual([9, 10]);
    expect(times(ring, 3, 2)).toEqual([9, 10]);
    expect(ring.slice(11)).toEqual([]);
  });
});
