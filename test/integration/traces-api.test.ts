// The traces API against the shared mesh, whose Jaeger query API serves the spans Istio's proxies report (service
// `<canonical service>.<namespace>`, node_id, guid:x-request-id, error=true on a 5xx: see the simulator's
// src/jaeger/span-tags.ts). After the article's canary with a fault on sa-logic-v2 (the mesh's faults API), sa-logic's
// traces include failing requests that crossed the ingress gateway, sa-webapp and sa-logic; bad ids are 400s, unknown
// ones 404s, and Jaeger down is a jaeger_* error the Traces tab greys, not a crash.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { entityTracesQuery, entityTracesResponse, trace as traceSchema, type Trace } from '../../lib/api/traces.js';
import { loadConfig } from '../../server/config.js';
import { errorResponse } from '../../server/http.js';
import { createSources, type Sources } from '../../server/sources/sources.js';
import { loadEntityTraces } from '../../server/traces/io/load-entity-traces.js';
import { loadTrace } from '../../server/traces/io/load-trace.js';
import { applyCanary, pollUntil, undoCanary, type AppliedCanary } from '../e2e/canary.js';

const mesh = inject('mesh');
const faults = new URL(mesh.endpoints['metrics']!).origin;
let sources: Sources;
let canary: AppliedCanary | undefined;

async function post(path: string, body: unknown) {
  const res = await fetch(`${faults}${path}`, { method: 'POST', body: JSON.stringify(body) });
  expect(res.ok, await res.clone().text()).toBe(true);
}

const query = (q: Record<string, string> = {}) => entityTracesQuery.parse({ limit: '200', ...q });
const saLogic = { namespace: 'demo', resource: 'apps', name: 'sa-logic' } as const;
const crossesAll = (t: Trace) =>
  ['istio-ingressgateway.istio-system', 'sa-webapp.demo', 'sa-logic.demo'].every((s) => t.services.includes(s));

// A trace of the whole path whose sa-logic span failed with a 5xx on a v2 pod, the one the fault is on (other failing
// traces may be there too: an earlier suite's, or the mesh's own failures of the moment).
const failsOnV2 = (t: Trace) =>
  crossesAll(t) &&
  t.spans.some(
    (s) =>
      s.service === 'sa-logic.demo' &&
      s.error &&
      s.tags['http.status_code']?.startsWith('5') &&
      s.pod?.startsWith('sa-logic-v2-'),
  );

let failing: Trace | undefined;

beforeAll(async () => {
  sources = createSources(loadConfig({ KUBECONFIG: mesh.kubeconfig, JAEGER_URL: mesh.endpoints['jaeger']! }));
  await sources.start();
  // Earlier suites' canaries left failing v2 traces in the last hour: only one begun after this canary proves it runs.
  const appliedUs = Date.now() * 1000;
  canary = await applyCanary(mesh.kubeconfig);
  // The fault is refused until v2's pod runs in the mesh's traffic (a 404 naming the workload): ask until it holds.
  await pollUntil(
    async () =>
      (
        await fetch(`${faults}/faults/workload`, {
          method: 'POST',
          body: JSON.stringify({ namespace: 'demo', workload: 'sa-logic-v2', errorRatio: 1 }),
        })
      ).ok,
    'sa-logic-v2 never ran in the mesh after the canary',
  );
  await pollUntil(async () => {
    const { traces } = await loadEntityTraces(sources, saLogic, query({ error: 'true' }));
    failing = traces.find((t) => failsOnV2(t) && t.startTime >= appliedUs);
    return failing !== undefined;
  }, 'no failing trace of sa-logic crossed the ingress gateway, sa-webapp and sa-logic');
}, 120_000);

afterAll(async () => {
  await post('/faults/workload', { namespace: 'demo', workload: 'sa-logic-v2', errorRatio: 0 }).catch(() => undefined);
  await post('/faults/jaeger', { down: false }).catch(() => undefined);
  await undoCanary(mesh.kubeconfig, canary);
  await sources?.stop();
});

describe("sa-logic's traces after the canary", () => {
  it('include failing traces across the ingress gateway, sa-webapp and sa-logic, each span with its pod and request id', async () => {
    const answer = entityTracesResponse.parse(await loadEntityTraces(sources, saLogic, query({ error: 'true' })));
    expect(answer.traces.length).toBeGreaterThan(0);
    expect(answer.traces.every((t) => t.error)).toBe(true);
    const trace = answer.traces.find(failsOnV2);
    expect(trace, 'a failing trace through the gateway, sa-webapp and sa-logic v2').toBeDefined();
    if (!trace) return;
    // One request id through the whole path: the key to each proxy's access-log line.
    expect(new Set(trace.spans.map((s) => s.requestId)).size).toBe(1);
    expect(trace.spans.every((s) => s.namespace !== null && s.pod !== null)).toBe(true);
  });

  it('narrows to the range asked, in µs as Jaeger takes it', async () => {
    const { traces } = await loadEntityTraces(sources, saLogic, query());
    expect(traces.length).toBeGreaterThan(1);
    const newest = traces[0]!;
    const narrow = await loadEntityTraces(
      sources,
      saLogic,
      query({ start: String(newest.startTime), end: String(newest.startTime + newest.duration) }),
    );
    expect(narrow.traces.length).toBeGreaterThan(0);
    expect(narrow.traces.length).toBeLessThan(traces.length);
    for (const t of narrow.traces) expect(t.startTime).toBeLessThanOrEqual(newest.startTime + newest.duration);
  });

  it('keeps only ok traces with error=false, and a workload keeps its own pods', async () => {
    const ok = await loadEntityTraces(sources, saLogic, query({ error: 'false' }));
    expect(ok.traces.every((t) => !t.error)).toBe(true);
    const v2 = await loadEntityTraces(
      sources,
      { namespace: 'demo', resource: 'workloads', name: 'sa-logic-v2' },
      query(),
    );
    expect(v2.traces.length).toBeGreaterThan(0);
    for (const t of v2.traces)
      expect(t.spans.some((s) => s.service === 'sa-logic.demo' && s.pod?.startsWith('sa-logic-v2-'))).toBe(true);
  });

  it('answers one trace by id, the same as in the list', async () => {
    const one = traceSchema.parse(await loadTrace(sources, failing!.traceId));
    expect(one.traceId).toBe(failing!.traceId);
    expect(one.spans.map((s) => s.spanId).sort()).toEqual(failing!.spans.map((s) => s.spanId).sort());
  });
});

describe('bad input and a tracing backend down', () => {
  it('answers 400 naming traceId for an id that is not hex, before asking anyone', async () => {
    const { GET } = await import('../../app/api/traces/[traceId]/route.js');
    const res = await GET(new Request('http://x/api/traces/not-a-trace'), {
      params: Promise.resolve({ traceId: 'not-a-trace' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/traceId/);
    expect(body.error.message).toMatch(/hexadecimal/);
  });

  it('answers 404 naming the trace Jaeger does not know', async () => {
    const res = await loadTrace(sources, 'abcdef0123456789abcdef0123456789').then(
      () => new Response(null, { status: 200 }),
      (err: unknown) => errorResponse(err),
    );
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /trace abcdef0123456789abcdef0123456789 was not found/,
    );
  });

  it('answers 404 for an app that does not exist, and 400 naming a bad duration', async () => {
    const missing = await loadEntityTraces(sources, { ...saLogic, name: 'nope' }, query()).catch(errorResponse);
    expect((missing as Response).status).toBe(404);
    const bad = await loadEntityTraces(sources, saLogic, query({ minDuration: 'slow' })).catch(errorResponse);
    expect((bad as Response).status).toBe(400);
    expect(((await (bad as Response).json()) as { error: { message: string } }).error.message).toMatch(/minDuration/);
  });

  it('with Jaeger down answers a jaeger_ error that says what failed, and answers again once it is back', async () => {
    await post('/faults/jaeger', { down: true });
    const res = await loadEntityTraces(sources, saLogic, query()).then(
      () => new Response(null, { status: 200 }),
      (err: unknown) => errorResponse(err),
    );
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('jaeger_unreachable');
    expect(body.error.message).toMatch(/Jaeger at .* answered 503/);
    await post('/faults/jaeger', { down: false });
    expect((await loadEntityTraces(sources, saLogic, query())).traces.length).toBeGreaterThan(0);
  });
});
