// Scrapes the mesh's own exposition into the TSDB on an interval, as a Prometheus scrape job would: target labels
// on every series, `up` and the scrape's own series, and a staleness marker for every series that went away.
import { ExpositionParser, type MetricMetadata } from './exposition-parser.js';
import { LabelSet } from './labels.js';
import { NO_SYMBOL } from './series-index.js';
import type { Tsdb } from './tsdb.js';
import { runInSlices } from '../run-in-slices.js';

/**
 * Intervals the loop may use. The TSDB holds about one byte per series per scrape, so a bigger mesh is scraped less
 * often to keep an hour of history within SAMPLE_BUDGET_BYTES: 1 s for a demo scenario, 60 s for 5,000 workloads
 * (1.1M sample streams). Prometheus' own default is 60 s; Istio suggests 15 s.
 */
const INTERVALS_MS = [1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000];
const SAMPLE_BUDGET_BYTES = 80_000_000;
const HOUR_MS = 3_600_000;
// A scrape runs in slices of about SLICE_MS, parsing SLICE_BYTES of exposition between clock checks.
const SLICE_MS = 5;
const SLICE_BYTES = 128 * 1024;

export function intervalFor(seriesCount: number): number {
  for (const ms of INTERVALS_MS) if ((seriesCount * HOUR_MS) / ms <= SAMPLE_BUDGET_BYTES) return ms;
  return INTERVALS_MS[INTERVALS_MS.length - 1]!;
}

export interface ScrapeLoop {
  /** The interval now in use (it only grows, with the number of series). */
  readonly intervalMs: number;
  /** Scrapes once now (tests and benches use it instead of waiting). */
  scrapeNow(): void;
  stop(): void;
}

export function startScrapeLoop(options: {
  tsdb: Tsdb;
  render: () => Iterable<Buffer>;
  targetLabels: Record<string, string>;
  metadata: Map<string, MetricMetadata>;
  /** A fixed interval; by default it follows intervalFor(). */
  intervalMs?: number;
  now?: () => number;
}): ScrapeLoop {
  const { tsdb } = options;
  const now = options.now ?? Date.now;
  const target = LabelSet.fromRecord(options.targetLabels);
  const ownBase = tsdb.index.base(target);
  const own = (name: string) => tsdb.index.symbol(name);
  const baseCache = new Map();
  let intervalMs = options.intervalMs ?? INTERVALS_MS[0]!;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  // One scrape as steps: it yields between slices of the exposition, so the timer can run it a few milliseconds at a
  // time and the API (on the same event loop) answers queries in between. At 5,000 workloads a scrape is ~1 GB of
  // text and seconds of parsing (issue 5: list queries stalled behind it). Queries never see the open column: the
  // TSDB applies it on commit.
  function* scrape(): Generator<void> {
    let t = Math.round(now());
    const newest = tsdb.newestMs;
    if (newest !== undefined && t <= newest) t = newest + 1;
    let writer = tsdb.openColumn(t, { markStale: true });
    const started = performance.now();
    let up = 1;
    try {
      const parser = new ExpositionParser(
        { index: tsdb.index, targetLabels: target, metadata: options.metadata, onSample: (id, v) => writer.set(id, v) },
        baseCache,
      );
      for (const chunk of options.render()) {
        for (let at = 0; at < chunk.length; at += SLICE_BYTES) {
          parser.push(at === 0 && chunk.length <= SLICE_BYTES ? chunk : chunk.subarray(at, at + SLICE_BYTES));
          yield;
        }
      }
      parser.end();
    } catch (err) {
      // A failed scrape is `up` 0 and keeps none of its samples: everything it used to return goes stale.
      up = 0;
      writer = tsdb.openColumn(t, { markStale: true });
      console.error(`built-in Prometheus: scrape failed: ${(err as Error).message}`);
    }
    const scraped = writer.sampleCount;
    const generation = -t;
    const set = (name: string, v: number) =>
      writer.set(tsdb.index.seriesFor(ownBase, own(name), NO_SYMBOL, generation), v);
    set('up', up);
    set('scrape_duration_seconds', (performance.now() - started) / 1000);
    set('scrape_samples_scraped', scraped);
    writer.commit();
    if (options.intervalMs === undefined) intervalMs = Math.max(intervalMs, intervalFor(tsdb.index.size));
  }

  // The scrape the timer is running. scrapeNow() finishes it first: two open columns would share the TSDB's pending
  // values.
  let running: Generator<void> | undefined;
  const finishRunning = () => {
    const steps = running;
    running = undefined;
    if (steps) for (const _ of steps);
  };
  const scrapeNow = () => {
    finishRunning();
    for (const _ of scrape());
  };
  const scrapeInSlices = async () => {
    finishRunning();
    const steps = (running = scrape());
    // Ends early when scrapeNow() finished it or stop() dropped it.
    await runInSlices({ next: () => (running === steps ? steps.next() : { done: true, value: undefined }) }, SLICE_MS);
    if (running === steps) running = undefined;
  };

  // A steady cadence, as Prometheus keeps: the next scrape is due an interval after the last one started.
  const schedule = (lastStarted: number) => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        const started = Date.now();
        void scrapeInSlices()
          .catch((err: Error) => console.error(`built-in Prometheus: scrape failed: ${err.message}`))
          .finally(() => schedule(started));
      },
      Math.max(0, lastStarted + intervalMs - Date.now()),
    );
    timer.unref();
  };
  const first = Date.now();
  scrapeNow();
  schedule(first);
  return {
    get intervalMs() {
      return intervalMs;
    },
    scrapeNow,
    stop() {
      stopped = true;
      running = undefined;
      clearTimeout(timer);
    },
  };
}
