import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JaegerDependencyLink, JaegerEnvelope, JaegerTrace } from '../../src/jaeger/jaeger-json.js';
import { type JaegerApi, startJaegerApi } from '../../src/jaeger/start-jaeger-api.js';
import { TraceStore } from '../../src/jaeger/trace-store.js';
import { REQUEST_ID, sentimentJourney, T0_MS, TRACE_ID, targetPortOf } from '../unit/jaeger/sentiment-journey.js';

let api: JaegerApi;

beforeAll(async () => {
  const traces = new TraceStore({ targetPortOf });
  for (const hop of sentimentJourney()) traces.record(hop);
  api = await startJaegerApi({ traces, host: '127.0.0.1', port: 0, now: () => T0_MS + 60_000 });
});

afterAll(async () => {
  await api.close();
});

async function getJson<T>(path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${api.url}${path}`);
  expect(res.headers.get('content-type')).toBe('application/json');
  return { status: res.status, body: (await res.json()) as T };
}

describe('the Jaeger query API of the mesh in a box', () => {
  it('listens on 127.0.0.1', () => {
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('lists the services that reported spans', async () => {
    const { status, body } = await getJson<JaegerEnvelope<string[]>>('/api/services');
    expect(status).toBe(200);
    expect(body.data).toEqual(['istio-ingressgateway.istio-system', 'sa-logic.sentiment', 'sa-webapp.sentiment']);
  });

  it('finds the journey by service, error tag and lookback, with the request id of the logs', async () => {
    const tags = encodeURIComponent(JSON.stringify({ error: 'true' }));
    const { status, body } = await getJson<JaegerEnvelope<JaegerTrace[]>>(
      `/api/traces?service=sa-logic.sentiment&tags=${tags}&lookback=1h&limit=20`,
    );
    expect(status).toBe(200);
    expect(body.data.map((trace) => trace.traceID)).toEqual([TRACE_ID]);
    const requestIds = body.data[0]!.spans.map((span) => span.tags.find((t) => t.key === 'guid:x-request-id')?.value);
    expect(new Set(requestIds)).toEqual(new Set([REQUEST_ID]));
  });

  it('returns one trace by id, and 404 in the error envelope for an unknown one', async () => {
    const found = await getJson<JaegerEnvelope<JaegerTrace[]>>(`/api/traces/${TRACE_ID}`);
    expect(found.body.data[0]!.spans).toHaveLength(5);
    const missing = await getJson<unknown>('/api/traces/00000000000000000000000000000bad');
    expect(missing).toEqual({
      status: 404,
      body: { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: 'trace not found' }] },
    });
  });

  // cmd/query/app/http_handler.go (search, tracesByIDs): several traceID parameters fetch those traces; an unknown id
  // is an entry in errors, {msg: "trace not found", traceID}, and the answer stays 200.
  it('returns several traces by traceID, listing an unknown id in errors', async () => {
    const { status, body } = await getJson<JaegerEnvelope<JaegerTrace[]>>(
      `/api/traces?traceID=${TRACE_ID}&traceID=0000000000000bad`,
    );
    expect(status).toBe(200);
    expect(body.data.map((trace) => trace.traceID)).toEqual([TRACE_ID]);
    expect(body.errors).toEqual([{ msg: 'trace not found', traceID: '0000000000000bad' }]);
  });

  // cmd/query/app/http_handler.go (dependencies) over the memory store's links (plugin/storage/memory/memory.go,
  // GetDependencies); endTs and lookback in milliseconds (cmd/query/app/query_parser.go).
  it('lists the service dependencies of the traces in the window', async () => {
    const { status, body } = await getJson<JaegerEnvelope<JaegerDependencyLink[]>>(
      `/api/dependencies?endTs=${T0_MS + 60_000}&lookback=${3_600_000}`,
    );
    expect(status).toBe(200);
    expect(body.data).toEqual([
      { parent: 'istio-ingressgateway.istio-system', child: 'sa-webapp.sentiment', callCount: 1 },
      { parent: 'sa-webapp.sentiment', child: 'sa-logic.sentiment', callCount: 2 },
    ]);
    const late = await getJson<JaegerEnvelope<JaegerDependencyLink[]>>(`/api/dependencies?endTs=${T0_MS - 1}`);
    expect(late.body.data).toEqual([]);
    const bad = await getJson<JaegerEnvelope<null>>('/api/dependencies?lookback=1h');
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.msg).toBe(
      `unable to parse param 'lookback': strconv.ParseInt: parsing "1h": invalid syntax`,
    );
  });

  it('answers 400 naming a bad parameter', async () => {
    const { status, body } = await getJson<JaegerEnvelope<null>>('/api/traces?service=sa-logic.sentiment&limit=many');
    expect(status).toBe(400);
    expect(body.errors?.[0]?.msg).toContain("'limit'");
  });

  it('answers 503 while set down, and recovers', async () => {
    api.setDown(true);
    const down = await fetch(`${api.url}/api/services`);
    expect(down.status).toBe(503);
    expect(await down.text()).toBe('no healthy upstream');
    api.setDown(false);
    expect((await fetch(`${api.url}/api/services`)).status).toBe(200);
  });
});
