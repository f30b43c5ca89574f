// The built-in Prometheus of the shared mesh process against the real Prometheus scraping the same mesh: the
// console's graph queries must find the same edges with about the same rates.
import { describe, expect, inject, it } from 'vitest';
import { promQuery } from '../helpers/prometheus.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const EDGE =
  'source_workload_namespace,source_workload,destination_service_namespace,destination_service_name,' +
  'destination_workload_namespace,destination_workload,request_protocol,response_code';

type Vector = Awaited<ReturnType<typeof promQuery>>;
const byEdge = (v: Vector) => new Map(v.map((s) => [JSON.stringify(s.metric), Number(s.value[1])]));

describe('the built-in Prometheus of the running mesh agrees with a real Prometheus scraping it', () => {
  const mesh = inject('mesh');
  const real = inject('prometheus').url;
  const builtin = mesh.endpoints['prometheus']!;

  it('finds the same edges at the same request rates', async () => {
    expect(builtin).toMatch(/^http:\/\//);
    // A minute of history on both sides (each scrapes every second).
    await sleep(Math.max(0, mesh.startedAtMs + 75_000 - Date.now()));
    const at = Math.floor(Date.now() / 1000) - 3;
    const query = `sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="demo"}[1m])) by (${EDGE}) > 0`;
    const [a, b] = await Promise.all([promQuery(real, query, at), promQuery(builtin, query, at)]);
    const fromReal = byEdge(a);
    const fromBuiltin = byEdge(b);
    expect(fromReal.size).toBeGreaterThan(2);
    // The two scrape the same counters at different instants, up to a second apart. Over a 60 s window that moves
    // each end of the rate by at most a second of traffic, ~2/60 of the rate, plus Poisson noise of one second's
    // requests for the quieter edges: 15% with a floor of 0.5 requests/s covers it. Edges quieter than that may
    // have had a single request inside one window and not the other, so only busier edges must be in both.
    for (const [edge, rate] of fromReal) {
      if (rate < 1) continue;
      expect(fromBuiltin.has(edge), `built-in misses ${edge}`).toBe(true);
      expect(Math.abs(fromBuiltin.get(edge)! - rate)).toBeLessThan(Math.max(0.5, 0.15 * rate));
    }
    for (const [edge, rate] of fromBuiltin) if (rate >= 1) expect(fromReal.has(edge), `real misses ${edge}`).toBe(true);
  });

  it('finds the same p95 latency edges and the same up series', async () => {
    const at = Math.floor(Date.now() / 1000) - 3;
    const query =
      'histogram_quantile(0.95, sum(rate(istio_request_duration_milliseconds_bucket{reporter="destination"}[1m])) by (le,source_workload,destination_workload)) > 0';
    const [a, b] = await Promise.all([promQuery(real, query, at), promQuery(builtin, query, at)]);
    const busy = new Set(
      (
        await promQuery(
          real,
          'sum(rate(istio_requests_total{reporter="destination"}[1m])) by (source_workload,destination_workload) > 2',
          at,
        )
      ).map((s) => JSON.stringify(s.metric)),
    );
    const fromBuiltin = byEdge(b);
    // Busy edges only: a quantile of a few dozen requests can cross a bucket boundary between the two windows.
    for (const [edge, p95] of byEdge(a)) {
      if (!busy.has(edge)) continue;
      expect(fromBuiltin.has(edge), `built-in misses ${edge}`).toBe(true);
      expect(Math.abs(fromBuiltin.get(edge)! - p95)).toBeLessThan(0.35 * p95);
    }
    const up = await promQuery(builtin, 'up', at);
    expect(up.map((s) => [s.metric['job'], s.value[1]])).toEqual([['mesh', '1']]);
  });
});
