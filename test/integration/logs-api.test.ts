// The logs APIs against the shared mesh in a box: a pod's log paged backwards through the Kubernetes log API agrees
// with what `kubectl logs --timestamps` prints (no line twice, none missing), and a trace chosen through Jaeger's own
// query API has its access-log lines in every proxy on its path, with the request id its spans carry (the issue's
// acceptance check).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { podLogsQuery, podLogsResponse, traceLogsResponse, type LogLine } from '../../lib/api/logs.js';
import { loadConfig } from '../../server/config.js';
import { NotFoundError } from '../../server/errors.js';
import { loadPodLogs } from '../../server/logs/io/load-pod-logs.js';
import { loadTraceLogs } from '../../server/logs/io/load-trace-logs.js';
import { podOfNodeId } from '../../server/logs/trace-log-targets.js';
import type { JaegerTrace } from '../../server/sources/jaeger.js';
import { createSources, type Sources } from '../../server/sources/sources.js';
import { kubectl } from '../helpers/kubectl.js';

const mesh = inject('mesh');
let sources: Sources;

beforeAll(async () => {
  sources = createSources(loadConfig({ KUBECONFIG: mesh.kubeconfig, JAEGER_URL: mesh.endpoints['jaeger']! }));
  await sources.start();
}, 60_000);
afterAll(async () => {
  await sources?.stop();
});

const podOf = (app: string) =>
  sources.kubernetes.list('Pod', 'demo').find((p) => p.metadata.labels?.['app'] === app)!.metadata.name;

const page = async (pod: string, params: Record<string, string>) =>
  podLogsResponse.parse(await loadPodLogs(sources, 'demo', pod, podLogsQuery.parse(params)));

describe('a pod log paged backwards', () => {
  it('gives, page after page, exactly the lines kubectl logs prints, none twice and none missing', async () => {
    const pod = podOf('sa-logic');
    const pages: LogLine[][] = [];
    // Settled history: the simulator writes a second's lines at its tick, and a kubelet never changes lines written.
    // A mesh just started has few lines yet: wait (polling) until four pages' worth are settled.
    let before = new Date(Date.now() - 3_000).toISOString();
    for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
      before = new Date(Date.now() - 3_000).toISOString();
      const probe = await page(pod, { container: 'istio-proxy', tailLines: '101', before });
      if (probe.more && probe.lines.length >= 101) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    for (let i = 0; i < 4; i++) {
      const answer = await page(pod, { container: 'istio-proxy', tailLines: '25', before });
      expect(answer.lines.length).toBeGreaterThanOrEqual(25);
      expect(answer.more).toBe(true);
      pages.unshift(answer.lines);
      before = answer.lines[0]!.time!;
    }
    const paged = pages.flat().map((l) => `${l.time} ${l.raw}`);
    // Read after the pages: the lines they hold are older than its end, so they must sit in it, one block in order.
    const printed = (
      await kubectl(mesh.kubeconfig, ['logs', '-n', 'demo', pod, '-c', 'istio-proxy', '--timestamps', '--tail=1000'])
    )
      .split('\n')
      .filter((l) => l !== '');
    const start = printed.indexOf(paged[0]!);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(printed.slice(start, start + paged.length)).toEqual(paged);
    // istio-proxy's lines are access-log lines, read into columns.
    expect(pages.flat().every((l) => l.fields?.requestId && l.fields.responseCode !== null)).toBe(true);
  });

  it('gives, in a range (sinceTime to before), the lines kubectl prints between its bounds', async () => {
    const pod = podOf('sa-logic');
    const now = Date.now();
    const sinceTime = new Date(now - 12_000).toISOString();
    const before = new Date(now - 4_000).toISOString();
    const answer = await page(pod, { container: 'istio-proxy', tailLines: '10000', sinceTime, before });
    expect(answer.more).toBe(false);
    const printed = (
      await kubectl(mesh.kubeconfig, ['logs', '-n', 'demo', pod, '-c', 'istio-proxy', '--timestamps', '--tail=2000'])
    )
      .split('\n')
      .filter((l) => {
        const t = Date.parse(l.slice(0, l.indexOf(' ')));
        return l !== '' && t >= Date.parse(sinceTime) && t < Date.parse(before);
      });
    expect(printed.length).toBeGreaterThan(0);
    expect(answer.lines.map((l) => `${l.time} ${l.raw}`)).toEqual(printed);
  });

  it("reads the application's container when none is named, says which it read, and filters by text", async () => {
    const pod = podOf('sa-logic');
    const app = await page(pod, { tailLines: '10' });
    expect(app.lines.length).toBeGreaterThan(0);
    // The merged view labels each line with its container: the one the server chose is named.
    expect(app.container).toBe('sa-logic');
    expect(app.lines.every((l) => l.fields === undefined)).toBe(true);
    const filtered = await page(pod, { container: 'istio-proxy', tailLines: '5', filter: 'INBOUND|' });
    expect(filtered.lines.length).toBeGreaterThan(0);
    expect(filtered.lines.every((l) => l.raw.toLowerCase().includes('inbound|'))).toBe(true);
  });

  it('says which pod or container does not exist', async () => {
    await expect(page('no-such-pod', {})).rejects.toThrow(
      new NotFoundError('pod no-such-pod does not exist in namespace demo'),
    );
    await expect(page(podOf('sa-logic'), { container: 'nope' })).rejects.toThrow(
      /container nope does not exist in pod/,
    );
  });
});

describe("the mesh's own access-log format", () => {
  it('is read from the istio ConfigMap and its lines parsed into columns', async () => {
    const kc = (...args: string[]) => kubectl(mesh.kubeconfig, args);
    const original = (
      JSON.parse(await kc('get', 'configmap', 'istio', '-n', 'istio-system', '-o', 'json')) as {
        data: { mesh: string };
      }
    ).data.mesh;
    const patch = (text: string) =>
      kc(
        'patch',
        'configmap',
        'istio',
        '-n',
        'istio-system',
        '--type',
        'merge',
        '-p',
        JSON.stringify({ data: { mesh: text } }),
      );
    const format =
      '%START_TIME% rid=%REQ(X-REQUEST-ID)% "%REQ(:METHOD)% %REQ(:PATH)%" code=%RESPONSE_CODE% flags=%RESPONSE_FLAGS% took=%DURATION%ms up=%UPSTREAM_CLUSTER%\n';
    const pod = podOf('sa-logic');
    // Sources made after the change: the parser is read with them (a running console rereads it within 30 s).
    const fresh = createSources(loadConfig({ KUBECONFIG: mesh.kubeconfig }));
    try {
      await patch(`${original.replace(/\n?$/, '\n')}accessLogFormat: ${JSON.stringify(format)}\n`);
      await fresh.start();
      let last: LogLine | undefined;
      for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
        last = (
          await loadPodLogs(fresh, 'demo', pod, podLogsQuery.parse({ container: 'istio-proxy', tailLines: '3' }))
        ).lines.at(-1);
        if (last?.raw.includes(' rid=')) break;
        await new Promise((r) => setTimeout(r, 250)); // polling for the mesh to apply the change, not a fixed wait
      }
      expect(last?.raw).toMatch(/^\S+ rid=\S+ "(GET|POST) \S+" code=\d+ flags=\S+ took=\d+ms up=\S+$/);
      expect(last?.fields).toMatchObject({
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        responseCode: expect.any(Number),
        durationMs: expect.any(Number),
        upstreamCluster: expect.stringMatching(/^(inbound|outbound)\|/),
      });
    } finally {
      await patch(original);
      // The mesh formats lines as they are read: wait until it reads them in its own format again, so that the tests
      // after this one do not meet lines in the custom format.
      for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
        const newest = (
          await loadPodLogs(fresh, 'demo', pod, podLogsQuery.parse({ container: 'istio-proxy', tailLines: '1' }))
        ).lines.at(-1);
        if (newest && !newest.raw.includes(' rid=')) break;
        await new Promise((r) => setTimeout(r, 250)); // polling for the mesh to apply the change, not a fixed wait
      }
      await fresh.stop();
    }
  });
});

describe("a trace's access-log lines", () => {
  it('are in every proxy on its path, with the request id its spans carry', async () => {
    const jaeger = mesh.endpoints['jaeger']!;
    const search = new URLSearchParams({ service: 'sa-webapp.demo', lookback: '1m', limit: '50' });
    const traces = ((await (await fetch(`${jaeger}/api/traces?${search}`)).json()) as { data: JaegerTrace[] }).data;
    // The trace crossing the most proxies (the gateway, sa-webapp, sa-logic).
    const podsOf = (t: JaegerTrace) =>
      new Set(
        t.spans.flatMap((s) => podOfNodeId(String(s.tags.find((g) => g.key === 'node_id')?.value ?? ''))?.pod ?? []),
      );
    // The most recent of those crossing the most proxies: a log keeps its recent lines (the kubelet rotates it).
    const chosen = [...traces].sort(
      (a, b) =>
        podsOf(b).size - podsOf(a).size ||
        Math.max(...b.spans.map((x) => x.startTime)) - Math.max(...a.spans.map((x) => x.startTime)),
    )[0];
    expect(chosen && podsOf(chosen).size, 'proxies on the chosen trace').toBeGreaterThanOrEqual(2);
    const requestIds = new Set(
      chosen!.spans.map((s) => String(s.tags.find((t) => t.key === 'guid:x-request-id')?.value)),
    );

    const { lines } = traceLogsResponse.parse(await loadTraceLogs(sources, chosen!.traceID));
    for (const pod of podsOf(chosen!)) {
      const own = lines.filter((l) => l.pod === pod);
      expect(own.length, `lines in ${pod}`).toBeGreaterThan(0);
      for (const line of own) {
        expect(requestIds.has(line.requestId)).toBe(true);
        expect(line.raw).toContain(line.requestId);
        expect(line.container).toBe('istio-proxy');
      }
    }
  });

  it('is a clear 404 for a trace Jaeger does not have', async () => {
    await expect(loadTraceLogs(sources, 'abcdef0123456789')).rejects.toThrow(NotFoundError);
  });
});
