import { describe, expect, it } from 'vitest';
import { FLUSH_INTERVAL_MS, LogLinearHistogram } from '../../../src/telemetry/log-linear-histogram.js';

// Envoy's /stats prints each histogram as P<q>(interval,cumulative): the interval half covers the last complete stats
// flush (Istio flushes every 5 s), the cumulative half every value since start (source/common/stats/histogram_impl.cc).
describe('an Envoy-style histogram', () => {
  const at = (interval: number, offsetMs = 0) => interval * FLUSH_INTERVAL_MS + offsetMs;

  it('gives the last complete flush interval and everything since start', () => {
    const h = new LogLinearHistogram();
    h.record(10, at(100));
    h.record(20, at(101));
    h.record(20, at(101, 10));
    const { interval, cumulative } = h.summary(at(102));
    expect(interval[interval.length - 1]).toBeCloseTo(21, 5); // max of interval 101: the bin 20–21's top
    expect(interval[0]).toBeCloseTo(20, 5);
    expect(cumulative[0]).toBeCloseTo(10, 5);
    expect(h.count).toBe(3);
  });

  it('has no interval figures once a flush interval passed without values, and keeps them cumulative', () => {
    const h = new LogLinearHistogram();
    h.record(10, at(100));
    h.record(30, at(101));
    expect(h.summary(at(102)).interval.every(Number.isNaN)).toBe(false);
    h.record(50, at(104)); // intervals 102 and 103 saw nothing
    expect(h.summary(at(104)).interval.every(Number.isNaN)).toBe(true);
    expect(h.summary(at(105)).interval[0]).toBeCloseTo(50, 5);
    h.record(70, at(110)); // long idle: nothing of 104 may come back as a recent interval
    expect(h.summary(at(105 + 6)).interval[0]).toBeCloseTo(70, 5);
    expect(h.summary(at(106)).interval.every(Number.isNaN)).toBe(true);
    expect(h.summary(at(200)).cumulative[0]).toBeCloseTo(10, 5);
    expect(h.count).toBe(4);
  });

  it('still counts a late value of the interval before in that interval', () => {
    const h = new LogLinearHistogram();
    h.record(10, at(100));
    h.record(40, at(101));
    h.record(60, at(100, 4_000)); // finished late: it belongs to interval 100
    expect(h.summary(at(101)).interval[h.summary(at(101)).interval.length - 1]).toBeCloseTo(61, 5);
    expect(h.summary(at(102)).interval[0]).toBeCloseTo(40, 5);
  });
});
