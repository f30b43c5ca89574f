// The mesh in a box as a user meets it: kubectl, logs, Envoy admin through pods/proxy, Jaeger and the ground truth
// all describe the same traffic, and config changes show in that traffic within seconds.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { DEFAULT_ADMIN_TOKEN } from '../../src/kube/auth/kube-auth.js';
import { kubectl } from '../../src/kubectl.js';
import type { TruthEdge } from '../../src/telemetry/ground-truth.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface JaegerTrace {
  traceID: string;
  spans: { operationName: string; tags: { key: string; value: unknown }[]; processID: string }[];
  processes: Record<string, { serviceName: string }>;
}

describe('the mesh in a box', () => {
  const mesh = inject('mesh');
  const kc = (...args: string[]) => kubectl(mesh.kubeconfig, args);
  const truthEdges = async (window: string) =>
    ((await fetch(`${mesh.endpoints['truth']}/edges?window=${window}`).then((r) => r.json())) as { edges: TruthEdge[] })
      .edges;
  const podOf = async (selector: string) =>
    (await kc('get', 'pods', '-l', selector, '-o', 'name')).trim().split('\n')[0]!.replace('pod/', '');

  it('shows the scenario to kubectl: sa-logic runs two pods with sidecars, the legacy workload none', async () => {
    const table = await kc('get', 'pods', '-l', 'app=sa-logic');
    const rows = table.trim().split('\n').slice(1);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.filter((r) => /\s2\/2\s+Running\s/.test(r)).length).toBeGreaterThanOrEqual(2);
    const legacy = JSON.parse(await kc('get', 'pods', '-n', 'legacy', '-o', 'json')) as {
      items: { spec: { containers: { name: string }[] } }[];
    };
    expect(legacy.items.length).toBe(1);
    expect(legacy.items[0]!.spec.containers.map((c) => c.name)).not.toContain('istio-proxy');
    const config = await kc('get', 'gateways.networking.istio.io,virtualservices.networking.istio.io', '-o', 'name');
    expect(config).toContain('gateway.networking.istio.io/http-gateway');
    expect(config).toContain('virtualservice.networking.istio.io/sa-external-services');
  });

  it("logs each request in the sidecar's access log with the request id that Jaeger's trace carries", async () => {
    const pod = await podOf('app=sa-webapp');
    const log = await kc('logs', pod, '-c', 'istio-proxy', '--tail=50');
    const lines = log.trim().split('\n');
    expect(lines.length).toBeGreaterThan(5);
    // A request that came through the ingress gateway over mTLS (its SNI names sa-webapp); the legacy client's
    // plaintext requests have no SNI and no gateway span.
    const inbound = lines.find(
      (l) =>
        /^\[\d{4}-\d\d-\d\dT[\d:.]+Z\] "POST \/sentiment HTTP\/1\.1" \d{3} /.test(l) &&
        l.includes('inbound|8080||') &&
        l.includes('outbound_.80_._.sa-webapp.demo.svc.cluster.local'),
    );
    expect(inbound, log).toBeDefined();
    const requestId = /"[^"]*" "[^"]*" "([0-9a-f-]{36})"/.exec(inbound!)?.[1];
    expect(requestId).toMatch(/^[0-9a-f]{8}-/);
    const tags = encodeURIComponent(JSON.stringify({ 'guid:x-request-id': requestId }));
    const found = (await fetch(
      `${mesh.endpoints['jaeger']}/api/traces?service=sa-webapp.demo&tags=${tags}&lookback=1h`,
    ).then((r) => r.json())) as { data: JaegerTrace[] };
    expect(found.data).toHaveLength(1);
    const trace = found.data[0]!;
    const services = new Set(Object.values(trace.processes).map((p) => p.serviceName));
    expect(services).toContain('istio-ingressgateway.istio-system');
    expect(services).toContain('sa-webapp.demo');
    for (const span of trace.spans) expect(span.tags.find((t) => t.key === 'guid:x-request-id')?.value).toBe(requestId);
  });

  it('switches the access logs to JSON when the mesh config asks for it', async () => {
    const meshConfig = JSON.parse(await kc('get', 'configmap', 'istio', '-n', 'istio-system', '-o', 'json')) as {
      data: { mesh: string };
    };
    const text = meshConfig.data.mesh;
    expect(text).toMatch(/accessLogEncoding: TEXT/);
    const patch = (mesh: string) =>
      kc(
        'patch',
        'configmap',
        'istio',
        '-n',
        'istio-system',
        '--type',
        'merge',
        '-p',
        JSON.stringify({ data: { mesh } }),
      );
    const pod = await podOf('app=sa-webapp');
    try {
      await patch(text.replace('accessLogEncoding: TEXT', 'accessLogEncoding: JSON'));
      const since = new Date(Date.now() + 1_500).toISOString();
      await sleep(3_000);
      const lines = (await kc('logs', pod, '-c', 'istio-proxy', `--since-time=${since}`)).trim().split('\n');
      expect(lines.length).toBeGreaterThan(2);
      for (const line of lines) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        expect(entry).toMatchObject({
          request_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          upstream_cluster: expect.any(String),
        });
      }
    } finally {
      await patch(text);
    }
  });

  it("serves each proxy's Envoy admin through pods/proxy, with routes that match the VirtualService", async () => {
    const pod = await podOf('app=sa-webapp');
    const dump = JSON.parse(
      await kc('get', '--raw', `/api/v1/namespaces/demo/pods/${pod}:15000/proxy/config_dump`),
    ) as {
      configs: {
        '@type': string;
        dynamic_route_configs?: {
          route_config: {
            name: string;
            virtual_hosts: {
              name: string;
              routes: {
                route?: { cluster?: string; weighted_clusters?: { clusters: { name: string; weight: number }[] } };
              }[];
            }[];
          };
        }[];
      }[];
    };
    const types = dump.configs.map((c) => c['@type'].split('.').pop());
    expect(types).toEqual(
      expect.arrayContaining(['BootstrapConfigDump', 'ClustersConfigDump', 'ListenersConfigDump', 'RoutesConfigDump']),
    );
    const routes = dump.configs.find(
      (c) => c['@type'] === 'type.googleapis.com/envoy.admin.v3.RoutesConfigDump',
    )!.dynamic_route_configs!;
    const host = routes
      .flatMap((r) => r.route_config.virtual_hosts)
      .find((v) => v.name === 'sa-logic.demo.svc.cluster.local:80')!;
    expect(host).toBeDefined();
    const vs = JSON.parse(await kc('get', 'virtualservice', 'sa-logic', '-o', 'json')) as {
      spec: { http: { route: { destination: { subset: string }; weight?: number }[] }[] };
    };
    const expected = vs.spec.http[0]!.route.map((r) => ({
      name: `outbound|80|${r.destination.subset}|sa-logic.demo.svc.cluster.local`,
      weight: r.weight ?? 100,
    }));
    const route = host.routes[0]!.route!;
    const actual = route.weighted_clusters?.clusters.map((c) => ({ name: c.name, weight: c.weight })) ?? [
      { name: route.cluster!, weight: 100 },
    ];
    expect(actual).toEqual(expected);
    const stats = await kc('get', '--raw', `/api/v1/namespaces/demo/pods/${pod}:15000/proxy/stats/prometheus`);
    expect(stats).toMatch(/istio_requests_total\{reporter="destination",source_workload="istio-ingressgateway"/);
    expect(stats).not.toContain(`pod="${await podOf('app=sa-frontend')}"`);
  });

  it('shows a VirtualService change in the traffic within 5 seconds, and its removal too', async () => {
    // Abort every /feedback request at the ingress gateway with 418, by a JSON patch of the ingress VirtualService.
    const vs = JSON.parse(await kc('get', 'virtualservice', 'sa-external-services', '-o', 'json')) as {
      spec: { http: { match?: { uri?: { prefix?: string } }[] }[] };
    };
    const index = vs.spec.http.findIndex((r) => r.match?.some((m) => m.uri?.prefix === '/feedback'));
    expect(index).toBeGreaterThanOrEqual(0);
    const teapots = async () =>
      (await truthEdges('2s')).filter((e) => e.service.startsWith('sa-feedback.') && (e.responseCodes['418'] ?? 0) > 0);
    expect(await teapots()).toEqual([]);
    const fault = { abort: { httpStatus: 418, percentage: { value: 100 } } };
    await kc(
      'patch',
      'virtualservice',
      'sa-external-services',
      '--type',
      'json',
      '-p',
      JSON.stringify([{ op: 'add', path: `/spec/http/${index}/fault`, value: fault }]),
    );
    const appliedAt = Date.now();
    while ((await teapots()).length === 0 && Date.now() - appliedAt < 5_000) await sleep(200);
    expect(Date.now() - appliedAt).toBeLessThan(5_000);
    await kc(
      'patch',
      'virtualservice',
      'sa-external-services',
      '--type',
      'json',
      '-p',
      JSON.stringify([{ op: 'remove', path: `/spec/http/${index}/fault` }]),
    );
    await sleep(3_500);
    expect(await teapots()).toEqual([]);
  });

  it('adds request_operation to the metrics of the proxies a Telemetry selects, and only theirs', async () => {
    const telemetry = {
      apiVersion: 'telemetry.istio.io/v1',
      kind: 'Telemetry',
      metadata: { name: 'sa-logic-operations', namespace: 'demo' },
      spec: {
        selector: { matchLabels: { app: 'sa-logic' } },
        metrics: [
          {
            providers: [{ name: 'prometheus' }],
            overrides: [
              {
                match: { metric: 'REQUEST_COUNT', mode: 'CLIENT_AND_SERVER' },
                tagOverrides: { request_operation: { value: 'request.url_path' } },
              },
            ],
          },
        ],
      },
    };
    const exposition = () => fetch(mesh.endpoints['metrics']!).then((r) => r.text());
    // Series another suite's Telemetry tagged stay, frozen, after it is gone (as Envoy keeps its stats): only new
    // series count here.
    const seriesOf = (line: string) => line.slice(0, line.lastIndexOf(' '));
    const earlier = new Set(
      (await exposition())
        .split('\n')
        .filter((l) => l.includes('request_operation='))
        .map(seriesOf),
    );
    const tagged = (text: string) =>
      text.split('\n').filter((l) => l.includes('request_operation=') && !earlier.has(seriesOf(l)));
    const file = join(mkdtempSync(join(tmpdir(), 'telemetry-')), 'telemetry.json');
    writeFileSync(file, JSON.stringify(telemetry));
    await kc('apply', '-f', file);
    try {
      const appliedAt = Date.now();
      let lines: string[] = [];
      while ((lines = tagged(await exposition())).length === 0 && Date.now() - appliedAt < 10_000) await sleep(250);
      expect(lines.length).toBeGreaterThan(0);
      const logicPods = (await kc('get', 'pods', '-l', 'app=sa-logic', '-o', 'name'))
        .trim()
        .split('\n')
        .map((p) => p.replace('pod/', ''));
      for (const line of lines) {
        // Only sa-logic's proxies, only the request count, and the path sa-webapp calls.
        expect(line).toMatch(/^istio_requests_total\{reporter="destination",/);
        expect(line).toContain('request_operation="/analyse/sentiment"');
        expect(logicPods).toContain(/pod="([^"]+)"/.exec(line)![1]);
      }
      const webapp = await podOf('app=sa-webapp');
      const webappStats = await kc(
        'get',
        '--raw',
        `/api/v1/namespaces/demo/pods/${webapp}:15000/proxy/stats/prometheus`,
      );
      expect(webappStats).toContain('istio_requests_total{');
      expect(tagged(webappStats)).toEqual([]);
    } finally {
      await kc('delete', '-f', file);
    }
  });

  it('injects faults on demand: failing workloads, a Jaeger outage, Kubernetes API errors', async () => {
    const faults = mesh.endpoints['metrics']!.replace(/\/metrics$/, '/faults');
    const post = (path: string, body: unknown) =>
      fetch(`${faults}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    try {
      expect((await post('/workload', { namespace: 'demo', workload: 'sa-frontend', errorRatio: 1 })).status).toBe(200);
      await sleep(2_500);
      const frontend = (await truthEdges('1s')).filter((e) => e.destination?.workload === 'sa-frontend');
      expect(frontend.length).toBeGreaterThan(0);
      expect(frontend.every((e) => e.errorRatio === 1)).toBe(true);

      expect((await post('/jaeger', { down: true })).status).toBe(200);
      expect((await fetch(`${mesh.endpoints['jaeger']}/api/services`)).status).toBe(503);

      expect((await post('/kubernetes', { status: 503, count: 1, verbs: ['list'], resource: 'pods' })).status).toBe(
        200,
      );
      // The shared mesh runs with the default admin token, the one its kubeconfig holds.
      const asAdmin = { headers: { authorization: `Bearer ${DEFAULT_ADMIN_TOKEN}` } };
      const failed = await fetch(`${mesh.endpoints['kubernetes']}/api/v1/namespaces/demo/pods`, asAdmin);
      expect(failed.status).toBe(503);
      expect(((await failed.json()) as { kind: string }).kind).toBe('Status');
      expect((await fetch(`${mesh.endpoints['kubernetes']}/api/v1/namespaces/demo/pods`, asAdmin)).status).toBe(200);

      const bad = await post('/workload', { namespace: 'demo', errorRatio: 2 });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toMatch(/workload/);
      // A typo in the workload's name is refused, not taken as a fault that never fires.
      const typo = await post('/workload', { namespace: 'demo', workload: 'sa-frontnd', errorRatio: 1 });
      expect(typo.status).toBe(404);
      expect(((await typo.json()) as { error: string }).error).toMatch(/no workload "sa-frontnd" .* namespace "demo"/);
    } finally {
      await fetch(faults, { method: 'DELETE' });
    }
    expect((await fetch(`${mesh.endpoints['jaeger']}/api/services`)).status).toBe(200);
  });
});
