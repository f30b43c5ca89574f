// The graph against what really happened: the 90/10 canary of sa-logic applied to the shared mesh with kubectl, then
// the graph built through the real Prometheus and through the mesh's built-in Prometheus API, both compared with the
// mesh's ground truth over the same minute.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { graphQuery, graphResponse, type GraphEdge, type GraphResponse } from '../../lib/api/graph.js';
import { createCaches } from '../../server/caches.js';
import { loadConfig } from '../../server/config.js';
import { type TruthEdge } from '@sextant/mesh-in-a-box';
import { loadGraph } from '../../server/graph/io/load-graph.js';
import { podHasSidecar } from '../../server/mesh/pod-facts.js';
import { createSources, type Sources } from '../../server/sources/sources.js';
import { applyAndReadTruth } from '../helpers/canary-truth.js';

// The views' caches, as the route handlers get them once per process.
const caches = createCaches();

const mesh = inject('mesh');
const backends: Record<string, Sources> = {};
let at = 0;
let truth: TruthEdge[] = [];

beforeAll(async () => {
  backends['real Prometheus'] = createSources(
    loadConfig({ KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: inject('prometheus').url }),
  );
  backends['built-in Prometheus'] = createSources(
    loadConfig({ KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: mesh.endpoints['prometheus']! }),
  );
  await Promise.all(Object.values(backends).map((s) => s.start()));
  ({ at, truth } = await applyAndReadTruth(mesh));
}, 120_000);

afterAll(async () => {
  await Promise.all(Object.values(backends).map((s) => s.stop()));
});

async function graphOf(sources: Sources, params: Record<string, string>): Promise<GraphResponse> {
  const query = graphQuery.parse({ duration: '60s', queryTime: String(at), ...params });
  return graphResponse.parse(await loadGraph(sources, caches.topologies, query));
}

/** The workload-graph node a truth endpoint becomes: callers without a sidecar are unknown to Istio. */
function truthNodeId(sources: Sources, end: TruthEdge['source']): string {
  if (!end) return 'unknown';
  const pods = sources.kubernetes.list('Pod', end.namespace).filter((p) => p.metadata.name.startsWith(end.workload));
  return pods.some(podHasSidecar) ? `wl:${end.namespace}:${end.workload}` : 'unknown';
}

// Edges this busy are in both views of the same minute; quieter ones may fall on either side of its edges.
const BUSY_RPS = 0.5;

describe.each(['real Prometheus', 'built-in Prometheus'])('the graph through the %s', (backend) => {
  it('has exactly the edges that carried traffic, between the right workloads', async () => {
    const sources = backends[backend]!;
    const graph = await graphOf(sources, { graphType: 'workload', injectServiceNodes: 'false' });
    expect(graph.queries).toBeLessThanOrEqual(6);
    const drawn = new Map(graph.edges.map((e) => [`${e.source}>${e.target}`, e]));
    const expected = new Map<string, number>();
    for (const e of truth) {
      if (!e.destination) continue;
      const key = `${truthNodeId(sources, e.source)}>wl:${e.destination.namespace}:${e.destination.workload}`;
      expected.set(key, (expected.get(key) ?? 0) + e.rps);
    }
    for (const [key, rps] of expected) if (rps > BUSY_RPS) expect([...drawn.keys()]).toContain(key);
    for (const [key, e] of drawn) if (e.rps > BUSY_RPS) expect([...expected.keys()]).toContain(key);
    for (const [key, rps] of expected) {
      if (rps > BUSY_RPS) expect(Math.abs(drawn.get(key)!.rps - rps) / rps, key).toBeLessThan(0.1);
    }
  });

  it('splits sa-logic 90/10, shows v2 failing as often as it really does, and p95 within 15%', async () => {
    const graph = await graphOf(backends[backend]!, { namespaces: 'demo', latency: 'p95' });
    const ids = graph.nodes.map((n) => n.id);
    for (const id of [
      'vapp:istio-system:istio-ingressgateway:latest',
      'vapp:demo:sa-frontend:white',
      'vapp:demo:sa-webapp:v1',
      'vapp:demo:sa-logic:v1',
      'vapp:demo:sa-logic:v2',
      'vapp:demo:sa-feedback:v1',
      'svc:demo:sa-logic',
    ])
      expect(ids).toContain(id);
    const ingress = graph.nodes.find((n) => n.id.includes('istio-ingressgateway'))!;
    expect(ingress).toMatchObject({ isRoot: true, isOutside: true });
    expect(ingress.badges).toContain('gateway');

    const edge = (target: string) => graph.edges.find((e) => e.source === 'svc:demo:sa-logic' && e.target === target)!;
    const v1 = edge('vapp:demo:sa-logic:v1');
    const v2 = edge('vapp:demo:sa-logic:v2');
    expect(Math.abs((100 * v2.rps) / (v1.rps + v2.rps) - 10)).toBeLessThan(5);
    expect(v2.share).toBeCloseTo(v2.rps / (v1.rps + v2.rps), 3);

    const toV2 = truth.filter((e) => e.destination?.app === 'sa-logic' && e.destination.version === 'v2');
    const requests = toV2.reduce((a, e) => a + e.requests, 0);
    const failed = toV2.reduce((a, e) => a + e.errors, 0);
    expect(requests).toBeGreaterThan(20);
    expect(failed / requests).toBeGreaterThan(0.4);
    expect(Math.abs(v2.errorRatio - failed / requests) * 100).toBeLessThan(2);
    expect(v1.errorRatio).toBe(0);
    expect(graph.nodes.find((n) => n.id === 'vapp:demo:sa-logic:v2')!.health?.status).toBe('Failure');

    // p95 of the busy, single-mode edges: the caller's view, as the truth records it.
    const toV1 = truth.find((e) => e.destination?.app === 'sa-logic' && e.destination.version === 'v1')!;
    expect(Math.abs(v1.p95! - toV1.latencyMs!.p95) / toV1.latencyMs!.p95).toBeLessThan(0.15);
    const webapp = truth.find((e) => e.source?.app === 'istio-ingressgateway' && e.destination?.app === 'sa-webapp')!;
    const drawnWebapp = graph.edges.find((e) => e.source === ingress.id && e.target === 'svc:demo:sa-webapp')!;
    expect(Math.abs(drawnWebapp.p95! - webapp.latencyMs!.p95) / webapp.latencyMs!.p95).toBeLessThan(0.15);
  });

  it('shows mTLS on every edge between sidecars and none on the legacy workload’s calls', async () => {
    const graph = await graphOf(backends[backend]!, { graphType: 'workload', injectServiceNodes: 'false' });
    // keycloak runs without a sidecar (the article creates its namespace uninjected): its callers speak plaintext to it.
    const toKeycloak = (e: GraphEdge) => e.target.startsWith('wl:keycloak:');
    const between = (e: GraphEdge) => !e.source.startsWith('unknown') && !toKeycloak(e) && e.rps > BUSY_RPS;
    const meshed = graph.edges.filter(between);
    expect(meshed.length).toBeGreaterThan(4);
    for (const e of meshed) expect([e.mtlsRatio, e.tls], e.id).toEqual([1, 'mutual']);
    const keycloak = graph.edges.filter(toKeycloak);
    expect(keycloak.length).toBeGreaterThan(0);
    for (const e of keycloak) expect([e.mtlsRatio, e.tls], e.id).toEqual([null, 'no-sidecar']);
    const legacy = graph.edges.filter((e) => e.source === 'unknown');
    expect(legacy.length).toBeGreaterThan(0);
    for (const e of legacy) expect(e.mtlsRatio, e.id).toBe(0);
  });
});
