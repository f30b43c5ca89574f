// The console's source clients against the shared mesh in a box and the real Prometheus scraping it.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../../server/config.js';
import { registry } from '../../../server/observability/telemetry.js';
import { createJaegerSource } from '../../../server/sources/jaeger.js';
import { createPrometheusSource, type Series } from '../../../server/sources/prometheus.js';
import { JaegerError, PrometheusError, type SourceError } from '../../../server/errors.js';
import { createSources, type Sources } from '../../../server/sources/sources.js';
import { UndeclaredKubeCallError } from '../../../server/sources/kube-calls.js';
import { freePort } from '../../helpers/free-port.js';
import { kubectl } from '../../helpers/kubectl.js';

const mesh = inject('mesh');
const prometheusUrl = inject('prometheus').url;
let sources: Sources;

beforeAll(async () => {
  sources = createSources(
    loadConfig({ KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: prometheusUrl, JAEGER_URL: mesh.endpoints['jaeger'] }),
  );
  await sources.start();
});
afterAll(async () => {
  await sources?.stop();
});

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function rejection(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (err) {
    return err as SourceError;
  }
  throw new Error('expected a rejection');
}

describe('the Kubernetes cache', () => {
  it('lists the scenario: sa-logic v1 runs two pods in demo', () => {
    // Other suites may run a canary (sa-logic-v2) beside it; v1 is the scenario's own.
    const pods = sources.kubernetes
      .list('Pod', 'demo')
      .filter((p) => p.metadata.labels?.['app'] === 'sa-logic' && p.metadata.labels['version'] === 'v1');
    expect(pods).toHaveLength(2);
    expect(sources.kubernetes.get('Namespace', undefined, 'demo')?.metadata.labels?.['istio-injection']).toBe(
      'enabled',
    );
  });

  it('reads Istio config in v1 where served, and EnvoyFilter in v1alpha3', () => {
    const kinds = new Map(sources.kubernetes.istioKinds().map((k) => [k.kind, k.apiVersion]));
    expect(kinds.get('VirtualService')).toBe('networking.istio.io/v1');
    expect(kinds.get('AuthorizationPolicy')).toBe('security.istio.io/v1');
    expect(kinds.get('EnvoyFilter')).toBe('networking.istio.io/v1alpha3');
    expect(sources.kubernetes.get('VirtualService', 'demo', 'sa-logic')?.apiVersion).toBe('networking.istio.io/v1');
  });

  it('reads single objects from the API itself, null when absent', async () => {
    const pod = sources.kubernetes.list('Pod', 'demo')[0]!;
    const read = await sources.kubernetes.getObject('Pod', 'demo', pod.metadata.name);
    expect(read?.metadata.uid).toBe(pod.metadata.uid);
    expect(await sources.kubernetes.getObject('Service', 'demo', 'no-such-service')).toBeNull();
  });

  it('refuses a read the console does not declare, before it reaches the API server', async () => {
    // server/sources/kube-calls.ts: the cache lists and watches VirtualServices, nothing gets one by name.
    await expect(sources.kubernetes.getObject('VirtualService', 'demo', 'sa-logic')).rejects.toThrow(
      UndeclaredKubeCallError,
    );
  });

  it('sees the pods of a Deployment applied with kubectl, and sees them go when it is deleted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sextant-cache-'));
    const file = join(dir, 'echo.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: { name: cache-echo, namespace: legacy }',
        'spec:',
        '  replicas: 2',
        '  selector: { matchLabels: { app: cache-echo } }',
        '  template:',
        '    metadata: { labels: { app: cache-echo, version: v1 } }',
        '    spec: { containers: [{ name: echo, image: echo }] }',
      ].join('\n'),
    );
    const echoPods = () =>
      sources.kubernetes.list('Pod', 'legacy').filter((p) => p.metadata.labels?.['app'] === 'cache-echo');
    const changesBefore = sources.kubernetes.changes();
    await kubectl(mesh.kubeconfig, ['apply', '-f', file]);
    await until('two cache-echo pods', () => (echoPods().length === 2 ? true : undefined));
    expect(sources.kubernetes.get('Deployment', 'legacy', 'cache-echo')?.metadata.name).toBe('cache-echo');
    // The deployment, its replica set and two pods at least: views derived from the cache know to recompute.
    const changesAfterApply = sources.kubernetes.changes();
    expect(changesAfterApply - changesBefore).toBeGreaterThanOrEqual(4);
    await kubectl(mesh.kubeconfig, ['delete', '-f', file, '--wait=false']);
    await until('cache-echo pods gone', () => (echoPods().length === 0 ? true : undefined));
    expect(sources.kubernetes.get('Deployment', 'legacy', 'cache-echo')).toBeUndefined();
    expect(sources.kubernetes.changes()).toBeGreaterThan(changesAfterApply);
  });
});

describe('the Kubernetes cache after errors', () => {
  const truth = (path: string, body: unknown) =>
    fetch(`${new URL(mesh.endpoints['truth']!).origin}${path}`, { method: 'POST', body: JSON.stringify(body) }).then(
      (r) => {
        if (!r.ok) throw new Error(`${path} answered ${r.status}`);
      },
    );
  const restarts = async () => {
    const text = await registry.getSingleMetricAsString('sextant_informer_restarts_total');
    return Number(/resource="pods"\} (\d+)/.exec(text)?.[1] ?? 0);
  };

  it('starts without a list the API refuses, names it, and fills it in once the API relents', async () => {
    await truth('/faults/kubernetes', { status: 429, count: 2, verbs: ['list'], resource: 'services' });
    const fresh = createSources(loadConfig({ KUBECONFIG: mesh.kubeconfig }));
    try {
      await fresh.start();
      expect(fresh.kubernetes.list('Pod', 'demo').length).toBeGreaterThan(0);
      expect(fresh.kubernetes.problems()).toEqual([
        { kind: 'Service', message: expect.stringMatching(/answered 429 to \/api\/v1\/services/) },
      ]);
      const stateOf = (resource: string) => fresh.kubernetes.cacheStates().find((s) => s.resource === resource);
      // What /metrics shows meanwhile: the refused cache unsynced and empty, the others synced and full.
      expect(stateOf('services')).toEqual({ resource: 'services', synced: false, objects: 0, lastListMs: null });
      expect(stateOf('pods')).toMatchObject({ synced: true, objects: fresh.kubernetes.list('Pod').length });
      await until('the services listed', () =>
        fresh.kubernetes.list('Service', 'demo').length > 0 ? true : undefined,
      );
      expect(fresh.kubernetes.problems()).toEqual([]);
      expect(fresh.kubernetes.synced()).toBe(true);
      expect(stateOf('services')).toEqual({
        resource: 'services',
        synced: true,
        objects: fresh.kubernetes.list('Service').length,
        lastListMs: expect.any(Number),
      });
    } finally {
      await fresh.stop();
    }
  });

  it('restarts a watch that fails, backing off, and keeps following changes', async () => {
    const before = await restarts();
    await truth('/faults/kubernetes', { status: 503, count: 3, verbs: ['watch', 'list'], resource: 'pods' });
    await truth('/faults/kubernetes/drop-watches', {});
    // 3 failures: retried after 0.5, 1 and 2 s.
    const deadline = Date.now() + 15_000;
    let firstAtMs = 0;
    let count = before;
    while (count < before + 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      count = await restarts();
      if (count > before && firstAtMs === 0) firstAtMs = Date.now();
    }
    expect(count).toBeGreaterThanOrEqual(before + 3);
    // Backing off: the third failure comes at least 0.5 + 1 s after the first.
    expect(Date.now() - firstAtMs).toBeGreaterThanOrEqual(1_400);
    await kubectl(mesh.kubeconfig, ['scale', '-n', 'legacy', 'deployment/legacy-reports', '--replicas=2']);
    try {
      await until(
        'a second legacy-reports pod',
        () => (sources.kubernetes.list('Pod', 'legacy').length === 2 ? true : undefined),
        20_000,
      );
    } finally {
      await kubectl(mesh.kubeconfig, ['scale', '-n', 'legacy', 'deployment/legacy-reports', '--replicas=1']);
    }
    await until(
      'one legacy pod again',
      () => (sources.kubernetes.list('Pod', 'legacy').length === 1 ? true : undefined),
      20_000,
    );
  });
});

describe('the Prometheus client', () => {
  it('answers instant queries with numbers', async () => {
    const up = await sources.prometheus!.instant('up{job="mesh"}');
    expect(up.map((s) => s.value)).toEqual([1]);
  });

  it('answers range queries with one point per step', async () => {
    // Prometheus may have started a moment ago: ask again until it has scraped for the 4 s asked for.
    let series: Series[] = [];
    const deadline = Date.now() + 15_000;
    do {
      const endMs = Date.now();
      series = await sources.prometheus!.range('sum(up)', { startMs: endMs - 4_000, endMs, stepSeconds: 1 });
      if ((series[0]?.values.length ?? 0) >= 4) break;
      await new Promise((r) => setTimeout(r, 500));
    } while (Date.now() < deadline);
    expect(series).toHaveLength(1);
    expect(series[0]!.values.length).toBeGreaterThanOrEqual(4);
    expect(series[0]!.values[1]![0] - series[0]!.values[0]![0]).toBe(1);
    expect(series[0]!.values.every(([, v]) => v === 1)).toBe(true);
  });

  it('says a bad query was refused, with Prometheus’ reason', async () => {
    const err = await rejection(sources.prometheus!.instant('sum(('));
    expect(err).toBeInstanceOf(PrometheusError);
    expect(err.reason).toBe('rejected');
    expect(err.message).toMatch(/refused the query \(bad_data\)/);
  });

  it('says Prometheus is unreachable on a port nobody listens on, naming PROMETHEUS_URL', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const err = await rejection(createPrometheusSource({ url, timeoutMs: 2_000 }).instant('up'));
    expect(err).toBeInstanceOf(PrometheusError);
    expect(err.reason).toBe('unreachable');
    expect(err.message).toBe(
      `Prometheus at ${url} is unreachable: connect ECONNREFUSED ${url.slice(7)} (PROMETHEUS_URL)`,
    );
  });

  describe('behind a proxy that wants a bearer token', () => {
    let guarded: Server;
    let url: string;
    beforeAll(async () => {
      guarded = createServer((req, res) => {
        if (req.headers['authorization'] !== 'Bearer s3cret') {
          res.writeHead(401, { 'content-type': 'text/plain' }).end('Unauthorized');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            status: 'success',
            data: { resultType: 'vector', result: [{ metric: { job: 'x' }, value: [1, '7'] }] },
          }),
        );
      });
      await new Promise<void>((r) => guarded.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(guarded.address() as { port: number }).port}`;
    });
    afterAll(async () => {
      await new Promise((r) => guarded.close(r));
    });

    it('sends PROMETHEUS_TOKEN, and says the credentials were refused without it', async () => {
      const withToken = createPrometheusSource({ url, timeoutMs: 2_000, token: 's3cret' });
      expect(await withToken.instant('up')).toEqual([{ metric: { job: 'x' }, value: 7 }]);
      const err = await rejection(createPrometheusSource({ url, timeoutMs: 2_000, token: 'wrong' }).instant('up'));
      expect(err.reason).toBe('rejected');
      expect(err.message).toBe(
        `Prometheus at ${url} refused the credentials (401); check PROMETHEUS_TOKEN or PROMETHEUS_USERNAME/PASSWORD`,
      );
    });
  });

  describe('against a server that never answers', () => {
    let silent: Server;
    let url: string;
    beforeAll(async () => {
      silent = createServer(() => {
        // never answers
      });
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    });
    afterAll(async () => {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    });

    it('gives up after its timeout and says so', async () => {
      const started = Date.now();
      const err = await rejection(createPrometheusSource({ url, timeoutMs: 300 }).instant('up'));
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(err.reason).toBe('timeout');
      expect(err.message).toBe(`Prometheus at ${url} did not answer in 0.3 s (PROMETHEUS_URL)`);
    });

    it('stops waiting as soon as the caller goes away', async () => {
      const controller = new AbortController();
      const call = createPrometheusSource({ url, timeoutMs: 10_000 }).instant('up', { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      const err = (await rejection(call)) as unknown as Error;
      expect(err.name).toBe('AbortError');
    });
  });
});

describe('the Jaeger client', () => {
  it('lists the services that reported spans', async () => {
    expect(await sources.jaeger!.services()).toEqual(expect.arrayContaining(['sa-webapp.demo', 'sa-logic.demo']));
  });

  it('finds traces of a service and fetches one by id', async () => {
    const traces = await sources.jaeger!.findTraces({ service: 'sa-logic.demo', lookback: '1h', limit: 5 });
    expect(traces.length).toBeGreaterThan(0);
    const id = traces[0]!.traceID;
    const trace = await sources.jaeger!.trace(id);
    expect(trace?.traceID).toBe(id);
    const services = new Set(Object.values(trace!.processes).map((p) => p.serviceName));
    expect(services).toContain('sa-logic.demo');
    expect(await sources.jaeger!.operations('sa-logic.demo')).not.toHaveLength(0);
  });

  it('answers null for a trace it does not know', async () => {
    expect(await sources.jaeger!.trace('00000000000000000000000000000bad')).toBeNull();
  });

  it('says Jaeger is unreachable, naming JAEGER_URL', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const err = await rejection(createJaegerSource({ url, timeoutMs: 2_000 }).services());
    expect(err).toBeInstanceOf(JaegerError);
    expect(err.reason).toBe('unreachable');
    expect(err.message).toContain(`Jaeger at ${url} is unreachable`);
  });
});

describe('the Jaeger client when Jaeger is down', () => {
  const setDown = (down: boolean) =>
    fetch(`${new URL(mesh.endpoints['truth']!).origin}/faults/jaeger`, {
      method: 'POST',
      body: JSON.stringify({ down }),
    });

  it("relays the proxy's answer in words", async () => {
    await setDown(true);
    try {
      const err = await rejection(sources.jaeger!.services());
      expect(err).toBeInstanceOf(JaegerError);
      expect(err.reason).toBe('unreachable');
      expect(err.message).toBe(`Jaeger at ${mesh.endpoints['jaeger']} answered 503: no healthy upstream`);
    } finally {
      await setDown(false);
    }
  });
});

describe('the Envoy client', () => {
  it("reads a sidecar's config_dump through pods/proxy", async () => {
    const pod = sources.kubernetes.list('Pod', 'demo').find((p) => p.metadata.labels?.['app'] === 'sa-logic')!;
    const dump = await sources.envoy.configDump({ namespace: 'demo', pod: pod.metadata.name });
    const types = dump.configs.map((c) => c['@type']);
    expect(types).toContain('type.googleapis.com/envoy.admin.v3.BootstrapConfigDump');
    expect(types).toContain('type.googleapis.com/envoy.admin.v3.ClustersConfigDump');
  });

  it('says which pod does not exist', async () => {
    await expect(sources.envoy.configDump({ namespace: 'demo', pod: 'no-such-pod' })).rejects.toThrow(
      'pod no-such-pod does not exist in namespace demo',
    );
  });
});
