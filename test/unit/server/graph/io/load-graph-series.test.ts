import { describe, expect, it } from 'vitest';
import { loadGraphSeries } from '../../../../../server/graph/io/load-graph-series.js';
import type { PrometheusSource, Series } from '../../../../../server/sources/prometheus.js';
import { UNRESTRICTED_ACCESS } from '../../../../../server/auth/access-rules.js';
import type { Sources } from '../../../../../server/sources/sources.js';

// A Prometheus that answers the chart query with the series given, and records what it was asked.
function answering(series: Series[]) {
  const asked: string[] = [];
  const prometheus: PrometheusSource = {
    url: 'http://prometheus.test',
    instant: async () => [],
    range: async (query) => {
      asked.push(query);
      return series;
    },
    retentionSeconds: async () => null,
    scrapeIntervalSeconds: async () => 15,
  };
  return { sources: { prometheus, access: UNRESTRICTED_ACCESS } as unknown as Sources, asked };
}

const line = (s: string, reporter: string, value: number): Series => ({
  metric: { s, reporter },
  values: [
    [1_000, value],
    [1_010, value],
  ],
});

describe('the charts of a TCP edge', () => {
  it('are its bytes each way, from the caller’s proxy, with a rate over four scrapes', async () => {
    const { sources, asked } = answering([
      line('tcp_sent', 'destination', 900),
      line('tcp_received', 'destination', 90),
      line('tcp_sent', 'source', 1000),
      line('tcp_received', 'source', 100),
    ]);
    const series = await loadGraphSeries(sources, {
      edge: 'wl:demo:sa-webapp>wl:demo:mongodb-v1>tcp',
      duration: '10m',
    });
    expect(series.direction).toBe('edge');
    expect(series.rps).toEqual([]);
    expect(series.tcpSent.map(([, v]) => v)).toEqual([1000, 1000]);
    expect(series.tcpReceived.map(([, v]) => v)).toEqual([100, 100]);
    expect(asked[0]).toContain('istio_tcp_sent_bytes_total{source_workload_namespace="demo"');
    expect(asked[0]).toContain('request_protocol="tcp"');
    expect(asked[0]).toContain('[60s]'); // 4 × 15 s scrapes = 60 s, and a minute at least
  });

  it('of a node that only speaks TCP count as its inbound traffic', async () => {
    const { sources } = answering([line('tcp_received', 'destination', 42)]);
    const series = await loadGraphSeries(sources, { node: 'wl:demo:mongodb-v1', duration: '10m' });
    expect(series.direction).toBe('inbound');
    expect(series.tcpReceived.at(-1)![1]).toBe(42);
  });
});
