import { describe, expect, it } from 'vitest';
import { labelMatcher } from '../../../src/prometheus/label-matcher.js';
import { intervalFor, startScrapeLoop } from '../../../src/prometheus/scrape-loop.js';
import { Tsdb } from '../../../src/prometheus/tsdb.js';

describe('the scrape loop', () => {
  it('scrapes a demo mesh every second and the 5,000-workload one every minute', () => {
    expect(intervalFor(5_000)).toBe(1_000);
    expect(intervalFor(230_000)).toBe(15_000);
    expect(intervalFor(1_100_000)).toBe(60_000);
  });

  it('adds job, instance and up, and marks series that went away stale', () => {
    const tsdb = new Tsdb({ retentionMs: 3_600_000 });
    let now = 1_000_000;
    let text = 'r_total{pod="a"} 1\nr_total{pod="b"} 2\n';
    const loop = startScrapeLoop({
      tsdb,
      render: () => [Buffer.from(text)],
      targetLabels: { job: 'mesh', instance: 'h:9' },
      metadata: new Map(),
      intervalMs: 3_600_000,
      now: () => now,
    });
    text = 'r_total{pod="a"} 3\n';
    now += 1000;
    loop.scrapeNow();
    loop.stop();
    const b = tsdb.select([labelMatcher('pod', '=', 'b')], 0, Infinity);
    expect(b.map((s) => [s.labels.get('job'), s.labels.get('instance'), Array.from(s.stale)])).toEqual([
      ['mesh', 'h:9', [0, 1]],
    ]);
    const up = tsdb.select([labelMatcher('__name__', '=', 'up')], 0, Infinity);
    expect(Array.from(up[0]!.v)).toEqual([1, 1]);
  });

  it('records a failed scrape as up 0 and every series stale', () => {
    const tsdb = new Tsdb({ retentionMs: 3_600_000 });
    let now = 1_000_000;
    let fail = false;
    const loop = startScrapeLoop({
      tsdb,
      render: function* () {
        if (fail) throw new Error('connection refused');
        yield Buffer.from('r_total 1\n');
      },
      targetLabels: { job: 'mesh' },
      metadata: new Map(),
      intervalMs: 3_600_000,
      now: () => now,
    });
    fail = true;
    now += 1000;
    const error = console.error;
    console.error = () => {};
    loop.scrapeNow();
    console.error = error;
    loop.stop();
    const [r] = tsdb.select([labelMatcher('__name__', '=', 'r_total')], 0, Infinity);
    const [up] = tsdb.select([labelMatcher('__name__', '=', 'up')], 0, Infinity);
    expect({ stale: Array.from(r!.stale), up: Array.from(up!.v) }).toEqual({ stale: [0, 1], up: [1, 0] });
  });
});
