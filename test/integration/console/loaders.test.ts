// The mesh model's loaders and the thin routes, against the shared mesh in a box (20× traffic) and Prometheus.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { namespacesResponse } from '../../../lib/api/namespaces.js';
import { workloadsResponse } from '../../../lib/api/workloads.js';
import { loadConfig } from '../../../server/config.js';
import { loadApps, loadServices, loadWorkload, loadWorkloads } from '../../../server/mesh/io/load-lists.js';
import { loadNamespaces } from '../../../server/mesh/io/load-namespaces.js';
import { createSources, type Sources } from '../../../server/sources/sources.js';
import { freePort } from '../../helpers/free-port.js';

const mesh = inject('mesh');
const prometheusUrl = inject('prometheus').url;
let sources: Sources;
let promDown: Sources;

beforeAll(async () => {
  sources = createSources(loadConfig({ KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: prometheusUrl }));
  promDown = createSources(
    loadConfig({ KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: `http://127.0.0.1:${await freePort()}` }),
  );
  await Promise.all([sources.start(), promDown.start()]);
  // A 1m rate needs two scrapes of traffic; the shared Prometheus scrapes every second.
  await new Promise((r) => setTimeout(r, Math.max(0, mesh.startedAtMs + 10_000 - Date.now())));
});
afterAll(async () => {
  await Promise.all([sources?.stop(), promDown?.stop()]);
});

describe('the workloads of demo', () => {
  it('show sa-logic as version v1 with 2/2 pods, a sidecar, traffic and health Healthy', async () => {
    const workloads = workloadsResponse.parse(await loadWorkloads(sources, 'demo', { window: '1m' }));
    const saLogic = workloads.find((w) => w.name === 'sa-logic');
    expect(saLogic).toMatchObject({
      kind: 'Deployment',
      app: 'sa-logic',
      version: 'v1',
      pods: { ready: 2, desired: 2 },
      hasSidecar: true,
    });
    expect(saLogic!.health.status).toBe('Healthy');
    expect(saLogic!.health.requests!.rps).toBeGreaterThan(0);
    expect(saLogic!.health.requests!.errorRatio).toBe(0);
    expect(saLogic!.health.metricsError).toBeUndefined();
    expect(saLogic!.badges).toEqual(expect.arrayContaining(['virtual-service', 'destination-rule']));
  });

  it('are still listed, pods-only and with metricsError, when Prometheus is unreachable', async () => {
    const workloads = await loadWorkloads(promDown, 'demo', { window: '1m' });
    const saLogic = workloads.find((w) => w.name === 'sa-logic')!;
    expect(saLogic.pods).toEqual({ ready: 2, desired: 2 });
    expect(saLogic.health.status).toBe('Healthy');
    expect(saLogic.health.requests).toBeNull();
    expect(saLogic.health.metricsError).toMatch(/^Prometheus at http:\/\/127\.0\.0\.1:\d+ is unreachable/);
  });

  it('leave the overview standing too, with counts and metricsError, when Prometheus is unreachable', async () => {
    const demo = (await loadNamespaces(promDown, { window: '1m' })).find((n) => n.name === 'demo')!;
    expect(demo.apps).toBe(4);
    expect(demo.traffic).toBeNull();
    expect(demo.metricsError).toMatch(/is unreachable/);
    expect(demo.health.Healthy + demo.health.Degraded + demo.health.Failure).toBe(4);
  });

  it('give the detail of one workload with its pods and services', async () => {
    const detail = await loadWorkload(sources, 'demo', 'sa-logic', { window: '1m' });
    expect(detail.podList.map((p) => [p.ready, p.hasSidecar])).toEqual([
      [true, true],
      [true, true],
    ]);
    expect(detail.services).toEqual(['sa-logic']);
    expect(detail.istioConfig).toEqual(
      expect.arrayContaining([
        { kind: 'VirtualService', namespace: 'demo', name: 'sa-logic' },
        { kind: 'DestinationRule', namespace: 'demo', name: 'sa-logic' },
      ]),
    );
  });

  it('flag the legacy workload that runs without a sidecar', async () => {
    const legacy = await loadWorkloads(sources, 'legacy', { window: '1m' });
    expect(legacy.length).toBeGreaterThan(0);
    expect(legacy.every((w) => w.badges.includes('missing-sidecar'))).toBe(true);
  });
});

describe('health from real traffic', () => {
  const faults = () => `${new URL(mesh.endpoints['truth']!).origin}/faults`;

  it('turns a workload whose every answer fails into Failure, with its error ratio, within seconds', async () => {
    const post = await fetch(`${faults()}/workload`, {
      method: 'POST',
      body: JSON.stringify({ namespace: 'demo', workload: 'sa-frontend', errorRatio: 1 }),
    });
    expect(post.status).toBe(200);
    try {
      let health;
      const deadline = Date.now() + 30_000;
      do {
        await new Promise((r) => setTimeout(r, 1_000));
        const workloads = await loadWorkloads(sources, 'demo', { window: '5s' });
        health = workloads.find((w) => w.name === 'sa-frontend')!.health;
      } while ((health.requests?.errorRatio ?? 0) < 0.99 && Date.now() < deadline);
      expect(health.status).toBe('Failure');
      expect(health.requests!.errorRatio).toBeGreaterThanOrEqual(0.99);
      expect(health.pods).toEqual({ ready: 1, desired: 1 });
      const services = await loadServices(sources, 'demo', { window: '5s' });
      expect(services.find((s) => s.name === 'sa-frontend')!.health.status).toBe('Failure');
    } finally {
      await fetch(faults(), { method: 'DELETE' });
    }
  });
});

describe('apps and services of demo', () => {
  it('group sa-logic into one app with its service', async () => {
    // The canary suite may have left sa-logic-v2 beside v1 in the shared mesh.
    const apps = await loadApps(sources, 'demo', { window: '1m' });
    const saLogic = apps.find((a) => a.name === 'sa-logic')!;
    expect(saLogic.versions).toContain('v1');
    expect(saLogic.workloads).toContain('sa-logic');
    expect(saLogic.versions).toHaveLength(saLogic.workloads.length);
    expect(saLogic).toMatchObject({ services: ['sa-logic'], hasSidecar: true });
  });

  it('show the sa-logic service with its workload, its traffic and the config that names it', async () => {
    const services = await loadServices(sources, 'demo', { window: '1m' });
    const svc = services.find((s) => s.name === 'sa-logic')!;
    expect(svc.workloads).toContain('sa-logic');
    expect(svc.workloads.every((w) => w.startsWith('sa-logic'))).toBe(true);
    expect(svc.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);
    expect(svc.health.requests!.rps).toBeGreaterThan(0);
    expect(svc.badges).toEqual(['virtual-service', 'destination-rule']);
  });
});

describe('the namespaces overview', () => {
  it('shows demo with its four applications, injection on, and a traffic sparkline', async () => {
    const namespaces = namespacesResponse.parse(await loadNamespaces(sources, { window: '1m' }));
    const demo = namespaces.find((n) => n.name === 'demo')!;
    expect(demo.apps).toBe(4);
    expect(demo.injection).toBe('enabled');
    expect(demo.metricsError).toBeUndefined();
    expect(demo.traffic!.length).toBeGreaterThan(0);
    expect(demo.traffic!.some(([, rps]) => rps > 0)).toBe(true);
    const apps = await loadApps(sources, 'demo', { window: '1m' });
    expect(apps.map((a) => a.name)).toEqual(['sa-feedback', 'sa-frontend', 'sa-logic', 'sa-webapp']);
    expect(namespaces.find((n) => n.name === 'legacy')!.injection).toBe('disabled');
  });
});

describe('the routes', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    process.env['KUBECONFIG'] = mesh.kubeconfig;
    process.env['PROMETHEUS_URL'] = prometheusUrl;
  });
  afterAll(async () => {
    const { getSources } = await import('../../../server/sources/sources.js');
    await (await getSources()).stop();
    process.env = saved;
  });
  const params = (p: Record<string, string>) => ({ params: Promise.resolve(p) });

  it('GET /api/namespaces/demo/workloads answers the list as JSON', async () => {
    const { GET } = await import('../../../app/api/namespaces/[ns]/workloads/route.js');
    const res = await GET(
      new Request('http://console/api/namespaces/demo/workloads?window=1m'),
      params({ ns: 'demo' }),
    );
    expect(res.status).toBe(200);
    const body = workloadsResponse.parse(await res.json());
    expect(body.map((w) => w.name)).toContain('sa-logic');
  });

  it('answers 404 naming a namespace that does not exist', async () => {
    const { GET } = await import('../../../app/api/namespaces/[ns]/workloads/route.js');
    const res = await GET(new Request('http://console/api/namespaces/shop/workloads'), params({ ns: 'shop' }));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'namespace shop does not exist' } });
  });

  it('answers 400 naming a bad parameter', async () => {
    const { GET } = await import('../../../app/api/namespaces/[ns]/apps/route.js');
    const res = await GET(new Request('http://console/api/namespaces/demo/apps?window=soon'), params({ ns: 'demo' }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toContain('window');
  });

  it('serves one Istio object and lists them by kind', async () => {
    const one = await import('../../../app/api/istio-config/[ns]/[kind]/[name]/route.js');
    const res = await one.GET(
      new Request('http://console/api/istio-config/demo/VirtualService/sa-logic'),
      params({ ns: 'demo', kind: 'VirtualService', name: 'sa-logic' }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: 'VirtualService', spec: { hosts: ['sa-logic'] } });
    const list = await import('../../../app/api/istio-config/route.js');
    const listed = await list.GET(
      new Request('http://console/api/istio-config?namespace=demo&kind=Gateway'),
      params({}),
    );
    expect(await listed.json()).toEqual([expect.objectContaining({ kind: 'Gateway', name: 'http-gateway' })]);
  });

  it('counts the requests it served on /metrics', async () => {
    const { GET } = await import('../../../app/metrics/route.js');
    const text = await (await GET()).text();
    expect(text).toMatch(
      /sextant_http_request_duration_seconds_count\{route="\/api\/namespaces\/\[ns\]\/workloads",method="GET",status="404"\} 1/,
    );
    expect(text).toMatch(
      /sextant_source_request_duration_seconds_count\{source="prometheus",operation="instant",outcome="ok"\}/,
    );
  });
});
