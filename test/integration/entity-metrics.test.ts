// The Metrics tab's API against what really happened: the article's 90/10 canary of sa-logic applied to the shared
// mesh with kubectl, then sa-logic's inbound metrics split by version read through the real Prometheus and through
// the mesh's built-in one, and compared with the mesh's ground truth over the same minute, within the graph's
// tolerances (graph-accuracy.test.ts). Also the route's answers to bad input, an unknown entity and Prometheus down.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { entityMetricsQuery, entityMetricsResponse, type EntityMetricsResponse } from '../../lib/api/entity-metrics.js';
import { type TruthEdge } from '@sextant/mesh-in-a-box';
import { loadConfig } from '../../server/config.js';
import { PrometheusError } from '../../server/errors.js';
import { createSources, type Sources } from '../../server/sources/sources.js';
import { loadEntityMetrics } from '../../server/telemetry/io/load-entity-metrics.js';
import { freePort } from '../helpers/free-port.js';
import { applyAndReadTruth, CANARY } from '../helpers/canary-truth.js';

const mesh = inject('mesh');
const backends: Record<string, Sources> = {};
let down: Sources;
type Handler = (req: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const routes: Record<string, Handler> = {};
let at = 0;
let truth: TruthEdge[] = [];

beforeAll(async () => {
  // The routes read their configuration from the environment, as `npm start` gives it.
  process.env['KUBECONFIG'] = mesh.kubeconfig;
  process.env['PROMETHEUS_URL'] = inject('prometheus').url;
  routes['apps'] = (await import('../../app/api/namespaces/[ns]/apps/[name]/metrics/route.js')).GET as Handler;
  routes['workloads'] = (await import('../../app/api/namespaces/[ns]/workloads/[name]/metrics/route.js'))
    .GET as Handler;
  routes['services'] = (await import('../../app/api/namespaces/[ns]/services/[name]/metrics/route.js')).GET as Handler;
  backends['real Prometheus'] = createSources(
    loadConfig({ KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: inject('prometheus').url }),
  );
  backends['built-in Prometheus'] = createSources(
    loadConfig({ KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: mesh.endpoints['prometheus']! }),
  );
  down = createSources(
    loadConfig({ KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: `http://127.0.0.1:${await freePort()}` }),
  );
  await Promise.all([...Object.values(backends), down].map((s) => s.start()));
  // The article's canary with its DestinationRule (the subsets the VirtualService names).
  ({ at, truth } = await applyAndReadTruth(mesh, [CANARY[0]!, 'istio/sa-logic-dr.yaml', CANARY[1]!]));
}, 120_000);

afterAll(async () => {
  await Promise.all([...Object.values(backends), down].map((s) => s?.stop()));
});

async function saLogicByVersion(sources: Sources, search: Record<string, string> = {}) {
  const query = entityMetricsQuery.parse({ duration: '60s', queryTime: String(at), by: 'version', ...search });
  return entityMetricsResponse.parse(
    await loadEntityMetrics(sources, { resource: 'apps', namespace: 'demo', name: 'sa-logic' }, query),
  );
}

/**
 * The chart's value of each series at the window's end, by the series' version. A version whose traffic stopped
 * within the chart's reach (another suite's canary, since deleted: the suites share the mesh) may have points early
 * in the chart and none at its end: it has no value at the end.
 */
function lastByVersion(answer: EntityMetricsResponse, chart: string): Record<string, number> {
  const found = answer.charts.find((c) => c.name === chart)!;
  const end = Math.max(...found.series.map((s) => s.points.at(-1)?.[0] ?? -Infinity));
  return Object.fromEntries(
    found.series
      .map((s) => [s.labels['destination_version'], s.points.at(-1)] as const)
      .filter(([, point]) => point !== undefined && point[0] === end)
      .map(([version, point]) => [version, point![1]]),
  );
}

describe.each(['real Prometheus', 'built-in Prometheus'])("sa-logic's inbound metrics through the %s", (backend) => {
  it('split by version show v2 at about 10% of the requests, as the truth has it', async () => {
    const answer = await saLogicByVersion(backends[backend]!);
    // A version that had traffic in an earlier suite (a canary since deleted) may still be drawn at 0 rps: its
    // callers' proxies keep their counters, as Envoy does. The versions taking requests now are those above 0.
    const rps = Object.fromEntries(Object.entries(lastByVersion(answer, 'requestRate')).filter(([, v]) => v > 0));
    expect(Object.keys(rps).sort()).toEqual(['v1', 'v2']);
    expect(Math.abs((100 * rps['v2']!) / (rps['v1']! + rps['v2']!) - 10)).toBeLessThan(5);
    const toSaLogic = (version: string) =>
      truth.filter((e) => e.destination?.app === 'sa-logic' && e.destination.version === version);
    for (const version of ['v1', 'v2']) {
      const trueRps = toSaLogic(version).reduce((a, e) => a + e.rps, 0);
      expect(Math.abs(rps[version]! - trueRps) / trueRps, version).toBeLessThan(0.1);
    }
  });

  it('show v2 failing more than one request in five, as often as it really does, and v1 not at all', async () => {
    const answer = await saLogicByVersion(backends[backend]!);
    const errors = lastByVersion(answer, 'errorRatio');
    const toV2 = truth.filter((e) => e.destination?.app === 'sa-logic' && e.destination.version === 'v2');
    const requests = toV2.reduce((a, e) => a + e.requests, 0);
    const failed = toV2.reduce((a, e) => a + e.errors, 0);
    expect(requests).toBeGreaterThan(20);
    expect(errors['v2']).toBeGreaterThan(0.2);
    expect(Math.abs(errors['v2']! - failed / requests) * 100).toBeLessThan(2);
    expect(errors['v1']).toBe(0);
  });

  it('draw every chart of the tab, with the durations of both versions', async () => {
    const answer = await saLogicByVersion(backends[backend]!);
    expect(answer.charts).toHaveLength(11);
    for (const chart of ['durationP50', 'durationP95', 'durationP99', 'durationMean', 'requestSize', 'responseSize'])
      expect(Object.keys(lastByVersion(answer, chart)).sort(), chart).toEqual(['v1', 'v2']);
  });
});

describe('the metrics route', () => {
  const ask = async (resource: string, ns: string, name: string, search = '') => {
    const res = await routes[resource]!(
      new Request(`http://console/api/namespaces/${ns}/${resource}/${name}/metrics${search}`),
      { params: Promise.resolve({ ns, name }) },
    );
    return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
  };

  it('answers every chart of a workload and of a service', async () => {
    for (const [resource, name] of [
      ['workloads', 'sa-webapp'],
      ['services', 'sa-logic'],
    ]) {
      const { status, body } = await ask(resource!, 'demo', name!, '?duration=5m&by=source');
      expect(status, JSON.stringify(body)).toBe(200);
      expect(entityMetricsResponse.parse(body).charts).toHaveLength(11);
    }
  });

  it.each([
    ['apps', 'demo', 'nope', 'app nope does not exist in namespace demo'],
    ['workloads', 'demo', 'sa-logic-v9', 'workload sa-logic-v9 does not exist in namespace demo'],
    ['services', 'shop', 'sa-logic', 'namespace shop does not exist'],
  ])('says an unknown entity (%s %s/%s) does not exist: 404', async (resource, ns, name, message) => {
    const { status, body } = await ask(resource, ns, name);
    expect(status).toBe(404);
    expect(body.error).toEqual({ code: 'not_found', message });
  });

  it.each([
    ['?direction=sideways', 'direction'],
    ['?by=colour', 'by'],
    ['?duration=1d&step=1s', 'step'],
  ])('refuses %s naming the parameter: 400', async (search, field) => {
    const { status, body } = await ask('apps', 'demo', 'sa-logic', search);
    expect(status).toBe(400);
    expect(body.error!.message).toContain(`at ${field}`);
  });

  it('refuses the outbound metrics of a service, saying what to ask instead: 400', async () => {
    const { status, body } = await ask('services', 'demo', 'sa-logic', '?direction=outbound');
    expect(status).toBe(400);
    expect(body.error!.message).toContain('direction=outbound: a service sends no requests of its own');
  });

  it('fails with Prometheus’ own error when Prometheus is down, after finding the entity', async () => {
    const query = entityMetricsQuery.parse({});
    const loading = loadEntityMetrics(down, { resource: 'apps', namespace: 'demo', name: 'sa-logic' }, query);
    await expect(loading).rejects.toThrow(PrometheusError);
    await expect(loading).rejects.toMatchObject({ reason: 'unreachable' });
  });
});
