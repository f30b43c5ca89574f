// The Traffic tab's API against the shared mesh and the real Prometheus: each edge of an entity's one hop is the
// graph page's edge of the same window to the digit (the same queries narrowed, the same builder), after the article's
// canary sa-webapp's outbound reaches sa-logic, and bad input is answered in words.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EntityResource } from '../../lib/api/entity-ref.js';
import { entityTrafficQuery, entityTrafficResponse } from '../../lib/api/entity-traffic.js';
import { graphQuery, graphResponse, type GraphEdge } from '../../lib/api/graph.js';
import { createCaches } from '../../server/caches.js';
import { loadConfig } from '../../server/config.js';
import { loadEntityTraffic } from '../../server/graph/io/load-entity-traffic.js';
import { loadGraph } from '../../server/graph/io/load-graph.js';
import { createSources, type Sources } from '../../server/sources/sources.js';
import { freePort } from '../helpers/free-port.js';
import { FIXTURES, kubectl } from '../helpers/kubectl.js';

const caches = createCaches();
const mesh = inject('mesh');
let sources: Sources;
let down: Sources;
let GET: (req: Request, resource: EntityResource, name: string) => Promise<Response>;
let at = 0;

beforeAll(async () => {
  process.env['KUBECONFIG'] = mesh.kubeconfig;
  process.env['PROMETHEUS_URL'] = inject('prometheus').url;
  const routes = {
    apps: await import('../../app/api/namespaces/[ns]/apps/[name]/traffic/route.js'),
    workloads: await import('../../app/api/namespaces/[ns]/workloads/[name]/traffic/route.js'),
    services: await import('../../app/api/namespaces/[ns]/services/[name]/traffic/route.js'),
  };
  GET = (req, resource, name) => routes[resource].GET(req, { params: Promise.resolve({ ns: 'demo', name }) });
  sources = createSources(loadConfig({ KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: inject('prometheus').url }));
  down = createSources(
    loadConfig({ KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: `http://127.0.0.1:${await freePort()}` }),
  );
  await Promise.all([sources.start(), down.start()]);
  // Idempotent: other suites may have applied the canary already.
  await kubectl(mesh.kubeconfig, ['apply', '-f', `${FIXTURES}/sentiment-analysis/kube/canary/sa-logic-v2.yaml`]);
  await kubectl(mesh.kubeconfig, ['apply', '-f', `${FIXTURES}/sentiment-analysis/istio/sa-logic-vs-canary.yaml`]);
  // Enough scrapes since the mesh started for a rate over the window.
  await new Promise((r) => setTimeout(r, Math.max(0, mesh.startedAtMs + 20_000 - Date.now())));
  at = Math.floor(Date.now() / 1000) - 2;
}, 60_000);

afterAll(async () => {
  await Promise.all([sources?.stop(), down?.stop()]);
});

const WINDOW = '30s';

async function hop(resource: EntityResource, name: string) {
  const q = entityTrafficQuery.parse({ duration: WINDOW, queryTime: String(at) });
  return entityTrafficResponse.parse(
    await loadEntityTraffic(sources, caches.hopTopologies, { namespace: 'demo', resource, name }, q),
  );
}

async function graph(graphType: string, injectServiceNodes: boolean) {
  const q = graphQuery.parse({
    namespaces: 'demo',
    graphType,
    injectServiceNodes: String(injectServiceNodes),
    latency: 'p95',
    duration: WINDOW,
    queryTime: String(at),
  });
  return graphResponse.parse(await loadGraph(sources, caches.topologies, q));
}

const figures = (e: GraphEdge) => ({
  rps: e.rps,
  errorRatio: e.errorRatio,
  p95: e.p95,
  mtlsRatio: e.mtlsRatio,
  responseCodes: e.responseCodes,
  bps: e.bps,
});

describe("an entity's traffic", () => {
  it.each([
    ['apps', 'sa-logic', 'app:demo:sa-webapp>app:demo:sa-logic>http'],
    ['workloads', 'sa-logic', 'wl:demo:sa-webapp>wl:demo:sa-logic>http'],
    ['services', 'sa-logic', 'vapp:demo:sa-webapp:v1>svc:demo:sa-logic>http'],
  ] as const)("gives %s %s's inbound from sa-webapp the graph page's figures", async (resource, name, id) => {
    const traffic = await hop(resource, name);
    const page = await graph(traffic.graphType, traffic.injectServiceNodes);
    const onGraph = page.edges.find((e) => e.id === id);
    const inTab = traffic.inbound.find((e) => e.id === id);
    expect(onGraph, `the graph has ${id}`).toBeDefined();
    expect(inTab, `the traffic tab has ${id}`).toBeDefined();
    expect(figures(inTab!)).toEqual(figures(onGraph!));
    expect(inTab!.p95).toBeGreaterThan(0);
    // Every edge of the one hop is on the graph with the same figures, and none of the graph's is missing.
    const touching = page.edges.filter(
      (e) => traffic.entityNodes.includes(e.source) || traffic.entityNodes.includes(e.target),
    );
    const mine = [...traffic.inbound, ...traffic.outbound];
    expect(new Set(mine.map((e) => e.id))).toEqual(new Set(touching.map((e) => e.id)));
    for (const e of mine) expect(figures(e), e.id).toEqual(figures(page.edges.find((g) => g.id === e.id)!));
  });

  it("shows sa-logic among sa-webapp's callees after the canary, in three Prometheus queries", async () => {
    const traffic = await hop('workloads', 'sa-webapp');
    expect(traffic.queries).toBe(3);
    expect(traffic.outbound.map((e) => e.target)).toContain('wl:demo:sa-logic');
    expect(traffic.inbound.length).toBeGreaterThan(0);
    const peer = traffic.nodes.find((n) => n.id === 'wl:demo:sa-logic');
    expect(peer).toMatchObject({ nodeType: 'workload', workload: 'sa-logic', namespace: 'demo' });
  });

  it('answers the route as the browser asks it, checked against its contract', async () => {
    const res = await GET(
      new Request(`http://console/api/namespaces/demo/apps/sa-webapp/traffic?duration=1m`),
      'apps',
      'sa-webapp',
    );
    expect(res.status).toBe(200);
    const body = entityTrafficResponse.parse(await res.json());
    expect(body.entityNodes).toEqual(['app:demo:sa-webapp']);
    expect(body.outbound.map((e) => e.target)).toContain('app:demo:sa-logic');
  });

  it('says which entity does not exist, and which parameter is wrong', async () => {
    const missing = await GET(
      new Request('http://console/api/namespaces/demo/services/nope/traffic'),
      'services',
      'nope',
    );
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toBe(
      'service nope does not exist in namespace demo',
    );
    const bad = await GET(
      new Request('http://console/api/namespaces/demo/workloads/sa-webapp/traffic?duration=soon'),
      'workloads',
      'sa-webapp',
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('duration');
  });

  it('answers no edges and why when Prometheus is down', async () => {
    const q = entityTrafficQuery.parse({});
    const traffic = await loadEntityTraffic(
      down,
      caches.hopTopologies,
      { namespace: 'demo', resource: 'apps', name: 'sa-logic' },
      q,
    );
    expect(traffic.inbound).toEqual([]);
    expect(traffic.metricsError).toMatch(/unreachable/);
  });
});
