// The "why" findings on values: which edge is named first, its codes and Envoy's flags in words, the critical path's
// owner, the config changes around the range, the comparison with an earlier range, and the parts a source left out.
import { describe, expect, it } from 'vitest';
import { graphEdge, graphNode, type GraphEdge } from '../../../../lib/api/graph.js';
import { whyResponse } from '../../../../lib/api/why.js';
import { buildWhyFindings, type WhyInput, type WhyTraffic } from '../../../../server/telemetry/why-findings.js';

const entity = { namespace: 'demo', resource: 'services', name: 'sa-logic' } as const;
const nodes = [
  graphNode.parse({
    id: 'svc:demo:sa-logic',
    nodeType: 'service',
    namespace: 'demo',
    service: 'sa-logic',
    health: null,
  }),
  graphNode.parse({
    id: 'vapp:demo:sa-logic:v1',
    nodeType: 'app',
    namespace: 'demo',
    app: 'sa-logic',
    version: 'v1',
    health: null,
  }),
  graphNode.parse({
    id: 'vapp:demo:sa-logic:v2',
    nodeType: 'app',
    namespace: 'demo',
    app: 'sa-logic',
    version: 'v2',
    health: null,
  }),
  graphNode.parse({
    id: 'vapp:demo:sa-webapp:v1',
    nodeType: 'app',
    namespace: 'demo',
    app: 'sa-webapp',
    version: 'v1',
    health: null,
  }),
];

function edge(source: string, target: string, rps: number, codes: Record<string, Record<string, number>>): GraphEdge {
  const errors = Object.entries(codes)
    .filter(([c]) => c === '0' || c.startsWith('5'))
    .reduce((s, [, flags]) => s + Object.values(flags).reduce((a, b) => a + b, 0), 0);
  return graphEdge.parse({
    source,
    target,
    rps,
    errorRatio: errors / rps,
    p95: 40,
    responseCodes: Object.fromEntries(
      Object.entries(codes).map(([c, flags]) => [c, { rps: Object.values(flags).reduce((a, b) => a + b, 0), flags }]),
    ),
  });
}

const healthyIn = edge('vapp:demo:sa-webapp:v1', 'svc:demo:sa-logic', 10, { '200': { '-': 10 } });
const toV1 = edge('svc:demo:sa-logic', 'vapp:demo:sa-logic:v1', 9, { '200': { '-': 8.9 }, '503': { UH: 0.1 } });
const toV2 = edge('svc:demo:sa-logic', 'vapp:demo:sa-logic:v2', 1, { '200': { '-': 0.5 }, '500': { '-': 0.5 } });

function traffic(inbound: GraphEdge[], outbound: GraphEdge[], metricsError?: string): WhyTraffic {
  return {
    graphType: 'versionedApp',
    injectServiceNodes: true,
    entityNodes: ['svc:demo:sa-logic'],
    nodes,
    inbound,
    outbound,
    metricsError,
  };
}

const base: WhyInput = {
  entity,
  fromSeconds: 1_000_000,
  toSeconds: 1_000_900,
  traffic: traffic([healthyIn], [toV1, toV2]),
  traces: { count: 0, byService: [] },
  changes: [],
};

describe('the why findings', () => {
  it('names the edge with the most failing requests first, with its code and the flag (or its absence)', () => {
    const findings = buildWhyFindings(base);
    expect(whyResponse.parse({ start: 0, end: 1, findings }).findings).toHaveLength(findings.length);
    const [first, second] = findings;
    expect(first!.kind).toBe('failing-edge');
    expect(first!.title).toBe('service sa-logic → sa-logic v2: 50% of requests fail (500)');
    expect(first!.detail).toContain('500 (no flag: the application answered it) 0.50 rps');
    expect(first!.links[0]!.href).toBe(
      '/graph?namespaces=demo&graphType=versionedApp&select=' +
        encodeURIComponent('svc:demo:sa-logic>vapp:demo:sa-logic:v2>http'),
    );
    expect(first!.links.map((l) => l.href)).toContain('/namespaces/demo/applications/sa-logic');
    expect(second!.title).toBe('service sa-logic → sa-logic v1: 1.1% of requests fail (503 UH)');
  });

  it('explains each response flag on the failures in words', () => {
    const flags = buildWhyFindings(base).filter((f) => f.kind === 'response-flag');
    expect(flags.map((f) => f.title)).toEqual(['UH (NoHealthyUpstream) on 0.10 rps of the failures']);
    expect(flags[0]!.detail).toMatch(/no healthy endpoint/);
  });

  it('says nothing fails when no edge answered 5xx', () => {
    const findings = buildWhyFindings({ ...base, traffic: traffic([healthyIn], []) });
    expect(findings[0]).toMatchObject({
      kind: 'healthy',
      title: 'No failing requests to or from sa-logic in the range',
    });
    expect(findings.some((f) => f.kind === 'failing-edge')).toBe(false);
  });

  it('names the service holding most of the critical paths, with a link to its page', () => {
    const findings = buildWhyFindings({
      ...base,
      traces: {
        count: 4,
        byService: [
          { service: 'sa-logic.demo', totalUs: 300_000, share: 0.75, traces: 4 },
          { service: 'sa-webapp.demo', totalUs: 100_000, share: 0.25, traces: 4 },
        ],
      },
    });
    const slow = findings.find((f) => f.kind === 'slow-downstream')!;
    expect(slow.title).toBe("Most of the traces' time is in sa-logic itself: 75% of their critical paths");
    expect(slow.detail).toContain('holds 75 ms of the critical path in each of the 4');
    expect(slow.links[0]).toEqual({ label: 'sa-logic', href: '/namespaces/demo/applications/sa-logic' });
  });

  it('lists the config changes in or just before the range, newest first, each linking to its object', () => {
    const changes = [
      { time: 999_700, kind: 'DestinationRule', namespace: 'demo', name: 'sa-logic', change: 'created by kubectl' },
      {
        time: 1_000_060,
        kind: 'VirtualService',
        namespace: 'demo',
        name: 'sa-logic',
        change: 'spec changed by kubectl',
      },
    ];
    const found = buildWhyFindings({ ...base, changes }).filter((f) => f.kind === 'config-change');
    expect(found.map((f) => f.title)).toEqual([
      'VirtualService demo/sa-logic: spec changed by kubectl',
      'DestinationRule demo/sa-logic: created by kubectl',
    ]);
    expect(found[0]!.detail).toMatch(/^60 s into the range/);
    expect(found[1]!.detail).toMatch(/^5 min before the range/);
    expect(found[0]!.links[0]!.href).toBe('/namespaces/demo/istio/VirtualService/sa-logic');
  });

  it('compares with the same range earlier: error ratio, p95, and the edges that fail now and did not then', () => {
    const earlier = traffic([{ ...healthyIn, p95: 20 }], [toV1]);
    const compare = buildWhyFindings({ ...base, compare: { label: '1h', traffic: earlier } }).find(
      (f) => f.kind === 'compare',
    )!;
    expect(compare.title).toBe('Since 1h before: error ratio 0% (was 0%), p95 40 ms (was 20 ms)');
    expect(compare.detail).toContain('New failing edge: service sa-logic → sa-logic v2.');
    expect(compare.links).toHaveLength(1);
  });

  it('says which part is missing when Prometheus or Jaeger failed, rather than failing whole', () => {
    const findings = buildWhyFindings({
      ...base,
      traffic: traffic([], [], 'Prometheus at http://p:9090 is unreachable'),
      traces: { error: 'Jaeger at http://j:16686 did not answer in 5 s (JAEGER_URL)', source: 'Jaeger' },
    });
    expect(findings.map((f) => f.kind)).toEqual(['missing', 'missing']);
    expect(findings[0]!.title).toBe('Without the failing edges (Prometheus)');
    expect(findings[1]!.detail).toContain('Jaeger at http://j:16686');
  });
});

describe('the why findings of a service', () => {
  it('names the edge to the workload that failed before the callers’ edge into the service, which holds the same requests', () => {
    const failingIn = edge('vapp:demo:sa-webapp:v1', 'svc:demo:sa-logic', 10, {
      '200': { '-': 9.4 },
      '500': { '-': 0.6 },
    });
    const findings = buildWhyFindings({ ...base, traffic: traffic([failingIn], [toV1, toV2]) });
    expect(findings.filter((f) => f.kind === 'failing-edge').map((f) => f.title)).toEqual([
      'service sa-logic → sa-logic v2: 50% of requests fail (500)',
      'service sa-logic → sa-logic v1: 1.1% of requests fail (503 UH)',
      'sa-webapp v1 → service sa-logic: 6.0% of requests fail (500)',
    ]);
  });
});
