import { describe, expect, it } from 'vitest';
import type { JaegerEnvelope, JaegerTrace } from '../../../src/jaeger/jaeger-json.js';
import { routeJaegerRequest } from '../../../src/jaeger/route-jaeger-request.js';
import { TraceStore } from '../../../src/jaeger/trace-store.js';
import { logicCall, saLogicB, sentimentJourney, T0_MS, targetPortOf, TRACE_ID } from './sentiment-journey.js';

const MINUTE_MS = 60_000;
const SLOW = '00000000000000000000000000000a01';
const OLD_ERROR = '00000000000000000000000000000a02';
const RECENT = '00000000000000000000000000000a03';

function store(): TraceStore {
  const traces = new TraceStore({ targetPortOf, retentionMs: 24 * 60 * MINUTE_MS });
  traces.record(logicCall({ traceId: OLD_ERROR, startMs: T0_MS - 180 * MINUTE_MS, durationMs: 12, responseCode: 500 }));
  traces.record(logicCall({ traceId: SLOW, startMs: T0_MS - 5 * MINUTE_MS, durationMs: 900 }));
  traces.record(logicCall({ traceId: RECENT, startMs: T0_MS - MINUTE_MS, durationMs: 8 }));
  for (const h of sentimentJourney()) traces.record(h);
  return traces;
}

const traces = store();
const get = (path: string) => routeJaegerRequest(traces, 'GET', path, T0_MS + 1_000);
const traceIds = (path: string) => {
  const reply = get(path);
  expect(reply.status).toBe(200);
  return (reply.body as JaegerEnvelope<JaegerTrace[]>).data.map((trace) => trace.traceID);
};
const logic = 'service=sa-logic.sentiment';

describe('GET /api/traces', () => {
  it('finds every trace with a span of the service, newest first', () => {
    expect(traceIds(`/api/traces?${logic}`)).toEqual([TRACE_ID, RECENT, SLOW, OLD_ERROR]);
    expect(traceIds('/api/traces?service=istio-ingressgateway.istio-system')).toEqual([TRACE_ID]);
    expect(traceIds('/api/traces?service=nobody.nowhere')).toEqual([]);
  });

  it('matches the operation on a span of that service', () => {
    const webappOwn = encodeURIComponent('sa-webapp.sentiment.svc.cluster.local:80/*');
    const webappCalls = encodeURIComponent('sa-logic.sentiment.svc.cluster.local:80/*');
    expect(traceIds(`/api/traces?service=sa-webapp.sentiment&operation=${webappOwn}`)).toEqual([TRACE_ID]);
    expect(traceIds(`/api/traces?service=sa-webapp.sentiment&operation=${webappCalls}`)).toHaveLength(4);
  });

  it('matches tags as strings on span and process tags', () => {
    const tags = (json: object) => `/api/traces?${logic}&tags=${encodeURIComponent(JSON.stringify(json))}`;
    expect(traceIds(tags({ error: 'true' }))).toEqual([TRACE_ID, OLD_ERROR]);
    expect(traceIds(tags({ 'http.status_code': '500' }))).toEqual([OLD_ERROR]);
    expect(traceIds(tags({ error: 'true', 'http.status_code': '503' }))).toEqual([TRACE_ID]);
    expect(traceIds(tags({ hostname: saLogicB.pod }))).toEqual([TRACE_ID]);
    expect(traceIds(tags({ 'guid:x-request-id': 'request-a01' }))).toEqual([SLOW]);
    expect(traceIds(`/api/traces?${logic}&tag=http.status_code:500`)).toEqual([OLD_ERROR]);
  });

  it('filters on span duration', () => {
    expect(traceIds(`/api/traces?${logic}&minDuration=500ms`)).toEqual([SLOW]);
    expect(traceIds(`/api/traces?${logic}&minDuration=1s`)).toEqual([]);
    expect(traceIds(`/api/traces?service=sa-webapp.sentiment&maxDuration=20ms`)).toEqual([RECENT, OLD_ERROR]);
  });

  it('returns at most limit traces, the newest', () => {
    expect(traceIds(`/api/traces?${logic}&limit=2`)).toEqual([TRACE_ID, RECENT]);
  });

  it('looks back from now, or searches the start/end window in microseconds', () => {
    expect(traceIds(`/api/traces?${logic}&lookback=1h`)).toEqual([TRACE_ID, RECENT, SLOW]);
    expect(traceIds(`/api/traces?${logic}&lookback=2m`)).toEqual([TRACE_ID, RECENT]);
    const window = `start=${(T0_MS - 10 * MINUTE_MS) * 1000}&end=${(T0_MS - 2 * MINUTE_MS) * 1000}`;
    expect(traceIds(`/api/traces?${logic}&${window}`)).toEqual([SLOW]);
  });

  it("wraps results in Jaeger's envelope, total left 0 as jaeger-query leaves it", () => {
    const body = get(`/api/traces?${logic}&limit=1`).body as JaegerEnvelope<JaegerTrace[]>;
    expect(Object.keys(body).sort()).toEqual(['data', 'errors', 'limit', 'offset', 'total']);
    expect([body.total, body.limit, body.offset, body.errors]).toEqual([0, 0, 0, null]);
  });

  it('answers 400 naming a bad parameter', () => {
    const reply = get(`/api/traces?${logic}&minDuration=fast`);
    expect(reply).toEqual({
      status: 400,
      body: {
        data: null,
        total: 0,
        limit: 0,
        offset: 0,
        errors: [{ code: 400, msg: `unable to parse param 'minDuration': time: invalid duration "fast"` }],
      },
    });
    expect(get('/api/traces').status).toBe(400);
    expect(JSON.stringify(get(`/api/traces?${logic}&tags={oops`).body)).toContain("'tags'");
  });
});

describe('GET /api/traces/{id}', () => {
  it('returns the whole trace in an envelope of one', () => {
    const reply = get(`/api/traces/${TRACE_ID}`);
    const body = reply.body as JaegerEnvelope<JaegerTrace[]>;
    expect(reply.status).toBe(200);
    expect(body.data.map((trace) => trace.spans.length)).toEqual([5]);
  });

  it('reads ids regardless of case and leading zeros', () => {
    expect(get(`/api/traces/${SLOW.replace(/^0+/, '').toUpperCase()}`).status).toBe(200);
  });

  it("answers 404 with Jaeger's error envelope for an unknown trace", () => {
    expect(get('/api/traces/0123456789abcdef0123456789abcdef')).toEqual({
      status: 404,
      body: { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: 'trace not found' }] },
    });
  });

  it('answers 400 for an id that is not hex', () => {
    expect(get('/api/traces/not-a-trace-id').status).toBe(400);
  });
});

describe('services and operations', () => {
  it('lists services sorted, with their count as total', () => {
    expect(get('/api/services').body).toEqual({
      data: ['istio-ingressgateway.istio-system', 'sa-logic.sentiment', 'sa-webapp.sentiment'],
      total: 3,
      limit: 0,
      offset: 0,
      errors: null,
    });
  });

  it("lists a service's operation names on the legacy route", () => {
    expect((get('/api/services/sa-webapp.sentiment/operations').body as JaegerEnvelope<string[]>).data).toEqual([
      'sa-logic.sentiment.svc.cluster.local:80/*',
      'sa-webapp.sentiment.svc.cluster.local:80/*',
    ]);
  });

  it('lists operations with their span kind, filtered by kind', () => {
    expect(get('/api/operations?service=sa-webapp.sentiment&spanKind=server').body).toMatchObject({
      data: [{ name: 'sa-webapp.sentiment.svc.cluster.local:80/*', spanKind: 'server' }],
      total: 1,
    });
    expect((get('/api/operations?service=sa-webapp.sentiment').body as JaegerEnvelope<unknown[]>).data).toHaveLength(2);
    expect(get('/api/operations').status).toBe(400);
  });
});

describe('other requests', () => {
  it('answers 404 for unknown routes and 405 for writes', () => {
    expect(get('/api/nothing').status).toBe(404);
    expect(get('/search').status).toBe(404);
    expect(routeJaegerRequest(traces, 'POST', '/api/traces', T0_MS).status).toBe(405);
  });
});
