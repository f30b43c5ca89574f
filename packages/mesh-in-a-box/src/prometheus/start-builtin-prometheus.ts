// The mesh in a box's own Prometheus: a TSDB fed by scraping the mesh in-process, and the HTTP API over it.
import type { Server } from 'node:http';
import { close, listen } from '../http-util.js';
import type { MetricMetadata } from './exposition-parser.js';
import { prometheusApiHandler } from './prometheus-api.js';
import { QueryEngine } from './query-engine.js';
import { startScrapeLoop, type ScrapeLoop } from './scrape-loop.js';
import { Tsdb } from './tsdb.js';

// An hour of history is what the console's longest default window needs; a few minutes more covers the lookback.
const RETENTION_MS = 65 * 60_000;

export interface BuiltinPrometheus {
  url: string;
  server: Server;
  tsdb: Tsdb;
  scrapes: ScrapeLoop;
  /** An instant query answered in this process, as the HTTP API's JSON `data` (benches time the engine alone). */
  instant(query: string, atMs: number): string;
  stop(): Promise<void>;
}

export async function startBuiltinPrometheus(options: {
  host: string;
  port: number;
  /** The exposition to scrape (the mesh's /metrics, rendered in-process). */
  render: () => Iterable<Buffer>;
  /** job and instance, as a Prometheus scrape job would add them. */
  targetLabels: Record<string, string>;
  scrapeIntervalMs?: number;
  /** The clock of scrape timestamps (default Date.now). */
  now?: () => number;
}): Promise<BuiltinPrometheus> {
  const tsdb = new Tsdb({ retentionMs: RETENTION_MS });
  const metadata = new Map<string, MetricMetadata>();
  const scrapes = startScrapeLoop({
    tsdb,
    render: options.render,
    targetLabels: options.targetLabels,
    metadata,
    intervalMs: options.scrapeIntervalMs,
    now: options.now,
  });
  const engine = new QueryEngine({ tsdb, metadata });
  const { server, url } = await listen(
    prometheusApiHandler(engine, Date.now, () => scrapes.intervalMs),
    options.host,
    options.port,
  );
  return {
    url,
    server,
    tsdb,
    scrapes,
    instant: (query, atMs) => engine.instant(query, atMs, Date.now() + 120_000),
    async stop() {
      scrapes.stop();
      await close(server);
    },
  };
}
