// /api/graph as a browser calls it, against the shared mesh: bad input answered in words, an empty namespace said so,
// Prometheus down leaving the topology, and the side panel's series.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { graphResponse } from '../../lib/api/graph.js';
import { graphSeriesResponse } from '../../lib/api/graph-series.js';
import { createCaches } from '../../server/caches.js';
import { loadConfig } from '../../server/config.js';
import { loadGraph } from '../../server/graph/io/load-graph.js';
import { graphQuery } from '../../lib/api/graph.js';
import { createSources, type Sources } from '../../server/sources/sources.js';
import { freePort } from '../helpers/free-port.js';
import { kubectl } from '../helpers/kubectl.js';
import { objectValidations } from '../../server/validation/io/load-validations.js';

// The views' caches, as the route handlers get them once per process.
const caches = createCaches();

const mesh = inject('mesh');
let GET: (req: Request) => Promise<Response>;
let SERIES: (req: Request) => Promise<Response>;
let builtin: Sources;
let down: Sources;

beforeAll(async () => {
  // The routes read their configuration from the environment, as `npm start` gives it.
  process.env['KUBECONFIG'] = mesh.kubeconfig;
  process.env['PROMETHEUS_URL'] = inject('prometheus').url;
  const route = await import('../../app/api/graph/route.js');
  const series = await import('../../app/api/graph/series/route.js');
  GET = (req) => route.GET(req, { params: Promise.resolve({}) });
  SERIES = (req) => series.GET(req, { params: Promise.resolve({}) });
  builtin = createSources(loadConfig({ KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: mesh.endpoints['prometheus']! }));
  down = createSources(
    loadConfig({ KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: `http://127.0.0.1:${await freePort()}` }),
  );
  await Promise.all([builtin.start(), down.start()]);
  await kubectl(mesh.kubeconfig, ['create', 'namespace', 'quiet']);
  await new Promise((r) => setTimeout(r, Math.max(0, mesh.startedAtMs + 10_000 - Date.now())));
});
afterAll(async () => {
  await kubectl(mesh.kubeconfig, ['delete', 'namespace', 'quiet']).catch(() => undefined);
  await Promise.all([builtin?.stop(), down?.stop()]);
});

const ask = async (search: string) => {
  const res = await GET(new Request(`http://console/api/graph?${search}`));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('GET /api/graph', () => {
  it('answers the demo namespace with its graph in at most three queries', async () => {
    const { status, body } = await ask('namespaces=demo&graphType=app&duration=1m');
    expect(status).toBe(200);
    const graph = graphResponse.parse(body);
    expect(graph.queries).toBeLessThanOrEqual(3);
    expect(graph.nodes.map((n) => n.app)).toEqual(expect.arrayContaining(['sa-webapp', 'sa-logic', 'sa-frontend']));
    expect(graph.message).toBeUndefined();
  });

  it('refuses an unknown graph type, naming the parameter and the choices', async () => {
    const { status, body } = await ask('namespaces=demo&graphType=pods');
    expect(status).toBe(400);
    const message = (body['error'] as { message: string }).message;
    expect(message).toContain('graphType');
    expect(message).toContain('versionedApp');
  });

  it('says a namespace does not exist', async () => {
    const { status, body } = await ask('namespaces=nope');
    expect(status).toBe(404);
    expect((body['error'] as { message: string }).message).toBe('namespace nope does not exist');
  });

  it('says in words that a namespace had no requests', async () => {
    const { status, body } = await ask('namespaces=quiet&duration=1m');
    expect(status).toBe(200);
    expect(graphResponse.parse(body)).toMatchObject({
      nodes: [],
      edges: [],
      message: 'no requests in the last 1m in namespace quiet',
    });
  });

  it('says when the window is too short for how often Prometheus scrapes', async () => {
    // A Prometheus that scrapes every minute (its own default), over the same data.
    const prometheus = { ...builtin.prometheus!, scrapeIntervalSeconds: async () => 60 };
    const graph = await loadGraph(
      { ...builtin, prometheus },
      caches.topologies,
      graphQuery.parse({ namespaces: 'quiet', duration: '1m' }),
    );
    expect(graph.message).toBe(
      'no requests in the last 1m in namespace quiet; Prometheus scrapes every 60s, so choose a window of at least 120s',
    );
  });

  it('refuses a window longer than Prometheus keeps data', async () => {
    // The built-in Prometheus keeps about an hour; a real one tells its retention the same way.
    expect(await builtin.prometheus!.retentionSeconds()).toBeGreaterThanOrEqual(3600);
    const query = graphQuery.parse({ namespaces: 'demo', duration: '1d' });
    await expect(loadGraph(builtin, caches.topologies, query)).rejects.toThrow(
      /reaches further back than Prometheus keeps data/,
    );
    const real = await createSources(
      loadConfig({ KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: inject('prometheus').url }),
    ).prometheus!.retentionSeconds();
    expect(real).toBe(15 * 86400); // Prometheus' default
  });

  it('reads how often Prometheus scrapes, so chart rates span enough samples', async () => {
    // The demo's mesh is small, so both scrape it every second; a 5,000-workload mesh is scraped every minute.
    expect(await builtin.prometheus!.scrapeIntervalSeconds()).toBe(1);
    const real = createSources(loadConfig({ KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: inject('prometheus').url }));
    expect(await real.prometheus!.scrapeIntervalSeconds()).toBe(1);
  });

  it('marks a node whose config the validation finds wrong, with the validation’s own counts', async () => {
    const yaml = [
      'apiVersion: v1',
      'kind: Service',
      'metadata: { name: ghost, namespace: quiet }',
      'spec: { selector: { app: ghost }, ports: [{ name: http, port: 80 }] }',
      '---',
      'apiVersion: networking.istio.io/v1',
      'kind: VirtualService',
      'metadata: { name: ghost, namespace: quiet }',
      'spec:',
      '  hosts: [ghost]',
      '  http: [{ route: [{ destination: { host: ghost, subset: v3 } }] }]',
    ].join('\n');
    const file = join(mkdtempSync(join(tmpdir(), 'sextant-ghost-')), 'ghost.yaml');
    writeFileSync(file, yaml);
    await kubectl(mesh.kubeconfig, ['apply', '-f', file]);
    const expected = async () =>
      (
        objectValidations(builtin, caches.validators, { namespace: 'quiet', kind: 'VirtualService', name: 'ghost' })
          .findings ?? []
      ).filter((f) => f.severity !== 'info');
    // The console's cache sees the objects within moments of the apply.
    let findings = await expected();
    for (let i = 0; i < 40 && findings.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
      findings = await expected();
    }
    expect(findings.length).toBeGreaterThan(0);
    const graph = await loadGraph(
      builtin,
      caches.topologies,
      graphQuery.parse({ namespaces: 'quiet', includeIdle: 'true' }),
    );
    const ghost = graph.nodes.find((n) => n.id === 'svc:quiet:ghost')!;
    const errors = findings.filter((f) => f.severity === 'error').length;
    expect(ghost.validation).toEqual({ errors, warnings: findings.length - errors });
    expect(ghost.badges).toContain(errors > 0 ? 'config-error' : 'config-warning');
  });

  it('keeps the topology, idle, with the reason when Prometheus is down', async () => {
    const graph = await loadGraph(down, caches.topologies, graphQuery.parse({ namespaces: 'demo' }));
    expect(graph.metricsError).toMatch(/unreachable/);
    expect(graph.edges).toEqual([]);
    const logic = graph.nodes.find((n) => n.app === 'sa-logic')!;
    expect(logic.badges).toContain('idle');
  });
});

describe('GET /api/graph with operationNodes', () => {
  // sa-webapp's proxy tags the requests it serves and sends with their path; its callers' proxies (the ingress
  // gateway; the legacy client has none) do not.
  const telemetry = {
    apiVersion: 'telemetry.istio.io/v1alpha1',
    kind: 'Telemetry',
    metadata: { name: 'sa-webapp-operations', namespace: 'demo' },
    spec: {
      selector: { matchLabels: { app: 'sa-webapp' } },
      metrics: [{ overrides: [{ tagOverrides: { request_operation: { value: 'request.url_path' } } }] }],
    },
  };
  let file: string;
  beforeAll(async () => {
    file = join(mkdtempSync(join(tmpdir(), 'telemetry-')), 'telemetry.json');
    writeFileSync(file, JSON.stringify(telemetry));
    await kubectl(mesh.kubeconfig, ['apply', '-f', file]);
  });
  afterAll(async () => {
    await kubectl(mesh.kubeconfig, ['delete', '-f', file]).catch(() => undefined);
  });

  const operationsOf = (graph: ReturnType<typeof graphResponse.parse>) =>
    graph.nodes.filter((n) => n.nodeType === 'aggregate' && n.aggregate === 'request_operation');

  it('puts each operation of sa-webapp between its callers and its service, still in at most three queries', async () => {
    const search = 'namespaces=demo&graphType=versionedApp&duration=1m&operationNodes=true';
    let graph = graphResponse.parse((await ask(search)).body);
    const startedMs = Date.now();
    while (!operationsOf(graph).some((n) => n.aggregateValue === '/sentiment') && Date.now() - startedMs < 30_000) {
      await new Promise((r) => setTimeout(r, 1_000));
      graph = graphResponse.parse((await ask(search)).body);
    }
    expect(graph.queries).toBeLessThanOrEqual(3);
    const sentiment = operationsOf(graph).find((n) => n.aggregateValue === '/sentiment')!;
    expect(sentiment).toMatchObject({ service: 'sa-webapp', namespace: 'demo' });
    // Its own calls are tagged too (the default mode is client and server): sa-webapp → /analyse/sentiment → sa-logic.
    const others = operationsOf(graph).filter((n) => n.service !== 'sa-webapp');
    expect(others.map((n) => `${n.service} ${n.aggregateValue}`)).toEqual(['sa-logic /analyse/sentiment']);
    expect(graph.edges.find((e) => e.target === others[0]!.id)!.source).toMatch(/^vapp:demo:sa-webapp:/);
    const into = graph.edges.filter((e) => e.target === sentiment.id);
    const out = graph.edges.filter((e) => e.source === sentiment.id);
    expect(into.length).toBeGreaterThan(0);
    expect(out.map((e) => e.target)).toEqual(['svc:demo:sa-webapp']);
    const inRps = into.reduce((sum, e) => sum + e.rps, 0);
    expect(inRps).toBeGreaterThan(0);
    expect(out[0]!.rps).toBeCloseTo(inRps, 1);

    const plain = graphResponse.parse((await ask('namespaces=demo&graphType=versionedApp&duration=1m')).body);
    expect(plain.nodes.some((n) => n.nodeType === 'aggregate')).toBe(false);

    const res = await SERIES(
      new Request(`http://console/api/graph/series?node=${encodeURIComponent(sentiment.id)}&duration=1m`),
    );
    expect(res.status).toBe(200);
    const series = graphSeriesResponse.parse(await res.json());
    expect(series.direction).toBe('inbound');
    expect(series.rps.at(-1)![1]).toBeGreaterThan(0);
  });

  it('refuses operationNodes other than true or false, naming it', async () => {
    const { status, body } = await ask('namespaces=demo&operationNodes=yes');
    expect(status).toBe(400);
    expect((body['error'] as { message: string }).message).toContain('operationNodes');
  });
});

describe('GET /api/graph/series', () => {
  it('charts a node and an edge the graph returned, with the codes of the window', async () => {
    const graph = graphResponse.parse((await ask('namespaces=demo&duration=1m')).body);
    const edge = graph.edges.find((e) => e.target.includes('sa-logic'))!;
    const res = await SERIES(
      new Request(`http://console/api/graph/series?edge=${encodeURIComponent(edge.id)}&duration=1m`),
    );
    expect(res.status).toBe(200);
    const series = graphSeriesResponse.parse(await res.json());
    expect(series.direction).toBe('edge');
    expect(series.rps.length).toBeGreaterThanOrEqual(2);
    expect(series.rps.at(-1)![1]).toBeGreaterThan(0);
    expect(Object.keys(series.responseCodes)).toContain('200');

    const gateway = graph.nodes.find((n) => n.badges.includes('gateway'))!;
    const node = graphSeriesResponse.parse(
      await (
        await SERIES(new Request(`http://console/api/graph/series?node=${encodeURIComponent(gateway.id)}`))
      ).json(),
    );
    expect(node.direction).toBe('outbound'); // a gateway only sends
  });

  it('refuses an id that is not one of the graph’s', async () => {
    const res = await SERIES(new Request('http://console/api/graph/series?node=pods:x'));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('is not a node id');
  });
});
