// The console's own telemetry, from a console of its own started with the OpenTelemetry variables set: its spans reach
// an OTLP/HTTP receiver run by this test, and /metrics says what its caches hold, checked against the cluster itself.
import http from 'node:http';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startConsole, type ConsoleProcess } from '../../scripts/console-process.js';
import { CORE_TYPES } from '../../server/sources/watched-kinds.js';
import { freePort, kubectl, startRealPrometheus, type RealPrometheus } from '@sextant/mesh-in-a-box';

/** A span as OTLP/JSON carries it (opentelemetry-proto trace/v1 trace.proto, ids in hex). */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: { stringValue?: string } }[];
  /** The attributes of the resource that sent it (ours: service.name). */
  resource: Record<string, string | undefined>;
  /** Who made it: `sextant` for the console's own spans, `next.js` for Next's (which names its root span by route too). */
  scope: string | undefined;
}

interface Receiver {
  url: string;
  spans: OtlpSpan[];
  /** The Content-Type of every export received. */
  contentTypes: string[];
  close(): Promise<void>;
}

/** An OTLP/HTTP receiver (POST /v1/traces, ExportTraceServiceRequest as JSON), as a collector would run one. */
async function startReceiver(): Promise<Receiver> {
  const spans: OtlpSpan[] = [];
  const contentTypes: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      const type = req.headers['content-type'] ?? '';
      contentTypes.push(type);
      if (!type.startsWith('application/json')) {
        res.writeHead(415).end(); // the exporter's protobuf is not what this receiver decodes
        return;
      }
      const raw = Buffer.concat(chunks);
      const body = JSON.parse(
        (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8'),
      ) as {
        resourceSpans?: {
          resource?: { attributes?: OtlpSpan['attributes'] };
          scopeSpans?: { scope?: { name?: string }; spans?: Omit<OtlpSpan, 'resource' | 'scope'>[] }[];
        }[];
      };
      for (const resourceSpans of body.resourceSpans ?? []) {
        const resource = Object.fromEntries(
          (resourceSpans.resource?.attributes ?? []).map((a) => [a.key, a.value.stringValue]),
        );
        for (const scope of resourceSpans.scopeSpans ?? [])
          for (const span of scope.spans ?? []) spans.push({ ...span, resource, scope: scope.scope?.name });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    contentTypes,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

const attribute = (span: OtlpSpan, key: string) => span.attributes?.find((a) => a.key === key)?.value.stringValue;

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs / 1000} s for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The samples of one metric on /metrics, by their label sets. */
function samples(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  const out: { labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    const match = new RegExp(`^${name}(?:\\{(.*)\\})? (\\S+)$`).exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...(match[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    out.push({ labels, value: Number(match[2]) });
  }
  return out;
}

let receiver: Receiver;
let prometheus: RealPrometheus;
let consoleApp: ConsoleProcess;
let kubeconfig: string;
let startedAtMs: number;

beforeAll(async () => {
  const stack = inject('e2e');
  kubeconfig = stack.kubeconfig;
  receiver = await startReceiver();
  prometheus = await startRealPrometheus({ targets: [{ job: 'mesh', url: stack.metricsUrl }] });
  startedAtMs = Date.now();
  consoleApp = await startConsole({
    root: resolve(import.meta.dirname, '../..'),
    port: await freePort(),
    env: {
      KUBECONFIG: kubeconfig,
      PROMETHEUS_URL: prometheus.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: 'sextant-e2e',
      // Spans go out a fifth of a second after they end, not the default 5 s.
      OTEL_BSP_SCHEDULE_DELAY: '200',
    },
  });
});

afterAll(async () => {
  await consoleApp?.stop();
  await prometheus?.stop();
  await receiver?.close();
});

describe('spans over OTLP', () => {
  it("sends a workloads request's span, named by its route, with its Prometheus queries as child spans", async () => {
    const res = await fetch(`${consoleApp.url}/api/namespaces/demo/workloads?window=1m`);
    expect(res.status).toBe(200);
    const route = await until('the route span', () =>
      receiver.spans.find((s) => s.scope === 'sextant' && s.name === 'GET /api/namespaces/[ns]/workloads'),
    );
    expect(attribute(route, 'http.route')).toBe('/api/namespaces/[ns]/workloads');
    expect(route.resource['service.name']).toBe('sextant-e2e');
    const children = await until('the Prometheus spans', () => {
      const found = receiver.spans.filter((s) => s.parentSpanId === route.spanId && s.name.startsWith('prometheus '));
      return found.length > 0 ? found : undefined;
    });
    expect(children.map((s) => s.traceId)).toEqual(children.map(() => route.traceId));
    expect(children.map((s) => attribute(s, 'sextant.source'))).toEqual(children.map(() => 'prometheus'));
    expect(children.map((s) => s.name)).toContain('prometheus instant');
    expect(new Set(receiver.contentTypes)).toEqual(new Set(['application/json']));
  });

  it("keeps the watch caches' lists out of the trace of the request that started them", async () => {
    // The first request (startConsole's /healthz) starts the caches; their lists and later relists are their own.
    const lists = await until('the watch caches’ list spans', () => {
      const found = receiver.spans.filter((s) => s.name === 'kubernetes list');
      return found.length > 0 ? found : undefined;
    });
    expect(lists.filter((s) => s.parentSpanId)).toEqual([]);
  });
});

describe('/metrics', () => {
  it('says every Kubernetes watch cache is synced, listed since the start, holding as many pods as kubectl lists', async () => {
    await fetch(`${consoleApp.url}/api/namespaces/demo/workloads?window=1m`);
    const text = await (await fetch(`${consoleApp.url}/metrics`)).text();
    const synced = samples(text, 'sextant_kube_cache_synced');
    const resources = synced.map((s) => s.labels['resource']);
    expect(resources).toEqual(expect.arrayContaining(CORE_TYPES.map((t) => t.resource)));
    expect(resources).toEqual(expect.arrayContaining(['virtualservices', 'destinationrules', 'gateways']));
    expect(synced.filter((s) => s.value !== 1)).toEqual([]);

    const objects = new Map(samples(text, 'sextant_kube_cache_objects').map((s) => [s.labels['resource'], s.value]));
    const pods = (await kubectl(kubeconfig, ['get', 'pods', '-A', '-o', 'name'])).trim().split('\n');
    expect(objects.get('pods')).toBe(pods.length);
    const deployments = (await kubectl(kubeconfig, ['get', 'deployments', '-A', '-o', 'name'])).trim().split('\n');
    expect(objects.get('deployments')).toBe(deployments.length);

    const listedAtMs = samples(text, 'sextant_kube_cache_last_list_timestamp_seconds').map((s) => s.value * 1000);
    expect(listedAtMs).toHaveLength(synced.length);
    for (const at of listedAtMs) {
      expect(at).toBeGreaterThanOrEqual(startedAtMs);
      expect(at).toBeLessThanOrEqual(Date.now());
    }
  });

  it('counts one graph topology after a graph is drawn, and a validator holding every cached object', async () => {
    const before = await (await fetch(`${consoleApp.url}/metrics`)).text();
    const entry = (text: string, cache: string) =>
      samples(text, 'sextant_cache_entries').find((s) => s.labels['cache'] === cache)?.value;
    expect(entry(before, 'graph_topologies')).toBe(0);

    const graph = await fetch(`${consoleApp.url}/api/graph?namespaces=demo`);
    expect(graph.status).toBe(200);
    const after = await (await fetch(`${consoleApp.url}/metrics`)).text();
    expect(entry(after, 'graph_topologies')).toBe(1);
    expect(entry(after, 'validators')).toBe(1);
    // The validator checks every object the watch caches hold (server/validation/io/live-validator.ts).
    const cached = samples(after, 'sextant_kube_cache_objects').reduce((sum, s) => sum + s.value, 0);
    expect(samples(after, 'sextant_validator_objects')[0]?.value).toBe(cached);
    // An anonymous console reads with its own credentials: no person's rights or view is kept.
    expect(entry(after, 'rights_people')).toBe(0);
    expect(entry(after, 'person_views')).toBe(0);
  });
});
