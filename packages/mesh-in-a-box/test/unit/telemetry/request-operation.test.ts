// request_operation from Istio Telemetry objects: which proxies and metrics carry it, and what the exposition shows.
import { describe, expect, it } from 'vitest';
import { IstioMetrics } from '../../../src/telemetry/istio-metrics.js';
import { compileExpression, TelemetryIndex } from '../../../src/telemetry/request-operation.js';
import type { KubeObject } from '../../../src/store/kube-object.js';
import type { Hop, WorkloadRef } from '../../../src/traffic/hop.js';

function telemetry(namespace: string, name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: { name, namespace }, spec };
}

const tag = (value: string, match: Record<string, string> = {}, operation?: string) => ({
  metrics: [
    {
      providers: [{ name: 'prometheus' }],
      overrides: [{ match, tagOverrides: { request_operation: { value, ...(operation ? { operation } : {}) } } }],
    },
  ],
});

function ref(workload: string, operationTags?: WorkloadRef['operationTags']): WorkloadRef {
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
    ...(operationTags ? { operationTags } : {}),
  };
}

function hop(source: WorkloadRef, destination: WorkloadRef, path: string): Hop {
  const attempt = {
    destination,
    startMs: 0,
    durationMs: 7,
    responseCode: 200,
    grpcStatus: 0,
    responseFlags: '-',
    responseCodeDetails: 'via_upstream',
    requestBytes: 10,
    responseBytes: 20,
    serverSpanId: '1'.repeat(16),
  };
  return {
    requestId: 'r',
    traceId: '0'.repeat(32),
    clientSpanId: '0'.repeat(16),
    source,
    service: { host: 'cart.demo.svc.cluster.local', name: 'cart', namespace: 'demo', port: 9090 },
    protocol: 'grpc',
    method: 'POST',
    path,
    authority: 'cart:9090',
    userAgent: 'grpc-go/1.60',
    startMs: 0,
    durationMs: 7,
    responseCode: 200,
    grpcStatus: 0,
    responseFlags: '-',
    responseCodeDetails: 'via_upstream',
    requestBytes: 10,
    responseBytes: 20,
    mtls: true,
    upstreamCluster: 'outbound|9090||cart.demo.svc.cluster.local',
    routeName: 'default',
    attempts: [attempt],
  };
}

const linesOf = (text: string, metric: string) => text.split('\n').filter((l) => l.startsWith(`${metric}{`));
const operationsIn = (lines: string[]) => lines.map((l) => /request_operation="([^"]*)"/.exec(l)?.[1] ?? null);

describe('request_operation from Telemetry', () => {
  const somePath = hop(ref('a'), ref('b'), '/synthetic.Cart/Get?x=1');

  it('computes the attributes the demo knows and quoted literals; other expressions leave the tag out', () => {
    expect(compileExpression('request.url_path')!(somePath)).toBe('/synthetic.Cart/Get');
    expect(compileExpression('request.method')!(somePath)).toBe('POST');
    expect(compileExpression('request.host')!(somePath)).toBe('cart:9090');
    expect(compileExpression("'checkout'")!(somePath)).toBe('checkout');
    expect(compileExpression('"checkout"')!(somePath)).toBe('checkout');
    expect(compileExpression('request.headers["x-op"]')).toBeNull();
    expect(compileExpression("'unbalanced")).toBeNull();
  });

  it('applies the root namespace, then the namespace, then a selecting Telemetry, the later one winning', () => {
    const index = new TelemetryIndex([
      telemetry('istio-system', 'mesh-default', tag('request.method')),
      telemetry('demo', 'cart-ops', { selector: { matchLabels: { app: 'cart' } }, ...tag('request.url_path') }),
      telemetry('other', 'other-ns', tag("'other'")),
    ]);
    expect(index.tagsFor('demo', { app: 'web' })!.server!.requests!(somePath)).toBe('POST');
    expect(index.tagsFor('demo', { app: 'cart' })!.server!.requests!(somePath)).toBe('/synthetic.Cart/Get');
    expect(index.tagsFor('other', {})!.client!.duration!(somePath)).toBe('other');
    // Pods under the same objects share their tags.
    expect(index.tagsFor('demo', { app: 'web' })).toBe(index.tagsFor('demo', { app: 'web', version: 'v2' }));
    expect(new TelemetryIndex([]).tagsFor('demo', {})).toBeUndefined();
  });

  it('narrows by metric and mode, and REMOVE or another provider drops the tag', () => {
    const index = new TelemetryIndex([
      telemetry('istio-system', 'mesh-default', tag('request.url_path', { metric: 'REQUEST_COUNT', mode: 'SERVER' })),
      telemetry('demo', 'no-ops', {
        selector: { matchLabels: { app: 'quiet' } },
        ...tag('', { metric: 'ALL_METRICS' }, 'REMOVE'),
      }),
      telemetry('elsewhere', 'stackdriver', {
        metrics: [{ ...tag('request.method').metrics[0]!, providers: [{ name: 'stackdriver' }] }],
      }),
    ]);
    const tags = index.tagsFor('demo', { app: 'web' })!;
    expect(tags.client).toBeUndefined();
    expect(Object.keys(tags.server!)).toEqual(['requests']);
    expect(index.tagsFor('demo', { app: 'quiet' })).toBeUndefined();
    expect(index.tagsFor('elsewhere', {})!.server!.requests).toBeDefined(); // only the root's
    expect(index.tagsFor('elsewhere', {})!.server!.duration).toBeUndefined();
  });

  it('adds the label only to the metrics and proxies a Telemetry names, once per request', () => {
    const serverTags = new TelemetryIndex([
      telemetry('demo', 'cart-ops', {
        selector: { matchLabels: { app: 'cart' } },
        metrics: [
          {
            overrides: ['REQUEST_COUNT', 'REQUEST_DURATION'].map((metric) => ({
              match: { metric, mode: 'SERVER' },
              tagOverrides: { request_operation: { value: 'request.url_path' } },
            })),
          },
        ],
      }),
    ]).tagsFor('demo', { app: 'cart' });
    const metrics = new IstioMetrics();
    const caller = ref('web');
    const cart = ref('cart', serverTags);
    for (const path of ['/synthetic.Cart/Get', '/synthetic.Cart/Get', '/synthetic.Cart/List'])
      metrics.record(hop(caller, cart, path));
    const text = metrics.render();

    const requests = linesOf(text, 'istio_requests_total');
    const server = requests.filter((l) => l.includes('reporter="destination"'));
    expect(operationsIn(server).sort()).toEqual(['/synthetic.Cart/Get', '/synthetic.Cart/List']);
    expect(server.find((l) => l.includes('/Get"'))!.endsWith(' 2')).toBe(true);
    // The caller's proxy is not selected: its series carry no operation and count all three requests.
    const client = requests.filter((l) => l.includes('reporter="source"'));
    expect(operationsIn(client)).toEqual([null]);
    expect(client[0]!.endsWith(' 3')).toBe(true);

    const serverCounts = linesOf(text, 'istio_request_duration_milliseconds_count').filter((l) =>
      l.includes('reporter="destination"'),
    );
    expect(operationsIn(serverCounts).sort()).toEqual(['/synthetic.Cart/Get', '/synthetic.Cart/List']);
    // REQUEST_SIZE is not named: one series, without the label, counting every request.
    const sizes = linesOf(text, 'istio_request_bytes_count').filter((l) => l.includes('reporter="destination"'));
    expect(operationsIn(sizes)).toEqual([null]);
    expect(sizes[0]!.endsWith(' 3')).toBe(true);
    expect(text).not.toMatch(/istio_request_bytes_bucket\{[^}]*request_operation/);
  });

  it('writes no request_operation at all when no Telemetry applies', () => {
    const metrics = new IstioMetrics();
    metrics.record(hop(ref('web'), ref('cart'), '/synthetic.Cart/Get'));
    expect(metrics.render()).not.toContain('request_operation');
  });
});
