// The built-in Prometheus HTTP API over a recorded history (OpenMetrics text with timestamps, as promtool's
// `tsdb create-blocks-from openmetrics` takes it), so its answers can be compared with a real Prometheus that
// backfilled the same file.
import { close, listen } from '../http-util.js';
import { loadExposition } from './load-exposition.js';
import type { MetricMetadata } from './exposition-parser.js';
import { prometheusApiHandler } from './prometheus-api.js';
import { QueryEngine } from './query-engine.js';
import { Tsdb } from './tsdb.js';

export interface RecordedPrometheus {
  url: string;
  stop(): Promise<void>;
}

export async function startRecordedPrometheus(options: {
  openMetrics: string;
  /** Unit of the file's timestamps: OpenMetrics' own is seconds. */
  timestampUnit?: 'ms' | 's';
  host?: string;
  port?: number;
}): Promise<RecordedPrometheus> {
  // The history may lie years back: keep all of it.
  const tsdb = new Tsdb({ retentionMs: 100 * 365 * 86_400_000 });
  const metadata = new Map<string, MetricMetadata>();
  loadExposition(tsdb, options.openMetrics, { timestampUnit: options.timestampUnit ?? 's', metadata });
  const { server, url } = await listen(
    prometheusApiHandler(new QueryEngine({ tsdb, metadata })),
    options.host ?? '127.0.0.1',
    options.port ?? 0,
  );
  return { url, stop: () => close(server) };
}
