// Loads an exposition whose samples carry their own timestamps (an OpenMetrics file, as promtool backfills it) into
// the TSDB: one column per distinct timestamp, and no staleness markers, exactly as a backfilled Prometheus holds it.
import { ExpositionParser, type MetricMetadata } from './exposition-parser.js';
import type { Tsdb } from './tsdb.js';

export function loadExposition(
  tsdb: Tsdb,
  text: string | Buffer,
  options: { timestampUnit: 'ms' | 's'; metadata?: Map<string, MetricMetadata> },
): { samples: number; columns: number } {
  const byTime = new Map<number, { ids: number[]; values: number[] }>();
  const parser = new ExpositionParser({
    index: tsdb.index,
    timestampUnit: options.timestampUnit,
    metadata: options.metadata,
    onSample(id, value, timestampMs) {
      if (timestampMs === undefined) throw new Error('every sample of a loaded exposition needs a timestamp');
      let column = byTime.get(timestampMs);
      if (!column) byTime.set(timestampMs, (column = { ids: [], values: [] }));
      column.ids.push(id);
      column.values.push(value);
    },
  });
  parser.push(typeof text === 'string' ? Buffer.from(text) : text);
  parser.end();
  let samples = 0;
  for (const t of [...byTime.keys()].sort((a, b) => a - b)) {
    const { ids, values } = byTime.get(t)!;
    const writer = tsdb.openColumn(t, { markStale: false });
    ids.forEach((id, i) => writer.set(id, values[i]!));
    writer.commit();
    samples += ids.length;
  }
  return { samples, columns: byTime.size };
}
