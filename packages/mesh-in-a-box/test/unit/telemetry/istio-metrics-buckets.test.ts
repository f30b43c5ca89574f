// The proxies' histogram bounds: Envoy's defaults, or the pod's sidecar.istio.io/statsHistogramBuckets override.
import { describe, expect, it } from 'vitest';
import { ISTIO_BUCKETS, IstioMetrics } from '../../../src/telemetry/istio-metrics.js';
import type { Hop, WorkloadRef } from '../../../src/traffic/hop.js';

function ref(workload: string, histogramBuckets?: Record<string, number[]>): WorkloadRef {
  return {
    cluster: 'Kubernetes',
    namespace: 'demo',
    workload,
    app: workload,
    version: 'v1',
    canonicalService: workload,
    canonicalRevision: 'v1',
    serviceAccount: workload,
    pod: `${workload}-0`,
    podIp: '10.0.0.1',
    hasSidecar: true,
    isGateway: false,
    ...(histogramBuckets ? { histogramBuckets } : {}),
  };
}

function hop(source: WorkloadRef, destination: WorkloadRef, durationMs: number): Hop {
  return {
    requestId: 'r',
    traceId: '0'.repeat(32),
    clientSpanId: '0'.repeat(16),
    source,
    service: { host: 'b.demo.svc.cluster.local', name: 'b', namespace: 'demo', port: 80 },
    protocol: 'http',
    method: 'GET',
    path: '/',
    authority: 'b',
    userAgent: 'test',
    startMs: 0,
    durationMs,
    responseCode: 200,
    responseFlags: '-',
    responseCodeDetails: 'via_upstream',
    requestBytes: 10,
    responseBytes: 20,
    mtls: true,
    upstreamCluster: 'outbound|80||b.demo.svc.cluster.local',
    routeName: 'default',
    attempts: [
      {
        destination,
        startMs: 0,
        durationMs,
        responseCode: 200,
        responseFlags: '-',
        responseCodeDetails: 'via_upstream',
        requestBytes: 10,
        responseBytes: 20,
        serverSpanId: '1'.repeat(16),
      },
    ],
  };
}

const bucketsOf = (text: string, metric: string, reporter: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith(`${metric}_bucket{reporter="${reporter}"`))
    .map((l) => /le="([^"]+)"/.exec(l)![1]);

describe('Istio histogram buckets', () => {
  it("follow the reporting pod's annotation for the stats it names, and Envoy's defaults otherwise", () => {
    const fine = [5, 10, 20, 40, 80];
    const metrics = new IstioMetrics();
    metrics.record(hop(ref('a', { 'istiocustom.istio_request_duration_milliseconds': fine }), ref('b'), 30));
    const text = metrics.render();
    expect(bucketsOf(text, 'istio_request_duration_milliseconds', 'source')).toEqual([...fine.map(String), '+Inf']);
    expect(bucketsOf(text, 'istio_request_duration_milliseconds', 'destination')).toEqual([
      ...ISTIO_BUCKETS.map(String),
      '+Inf',
    ]);
    // The override names the duration histogram only: the caller's byte-size histograms keep the defaults.
    expect(bucketsOf(text, 'istio_request_bytes', 'source')).toHaveLength(ISTIO_BUCKETS.length + 1);
    // 30 ms falls in the (20, 40] bucket of the fine layout: cumulative counts 0, 0, 0, 1, 1, 1.
    const counts = text
      .split('\n')
      .filter((l) => l.startsWith('istio_request_duration_milliseconds_bucket{reporter="source"'))
      .map((l) => Number(l.split(' ').at(-1)));
    expect(counts).toEqual([0, 0, 0, 1, 1, 1]);
  });
});
