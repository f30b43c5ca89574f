// GET /api/dependencies as jaeger-query answers it:
// - parameters (cmd/query/app/query_parser.go, parseDependenciesQueryParams): endTs in epoch ms, now when absent;
//   lookback in ms, 24 h when absent (default_params.go); both read by Go's strconv.ParseInt, a bad one answering 400
//   "unable to parse param '<name>': strconv.ParseInt: parsing "<value>": invalid syntax"; `service` keeps the links
//   that touch it (http_handler.go, dependencies and filterDependenciesByService);
// - links (plugin/storage/memory/memory.go, GetDependencies): every trace with a span starting strictly inside
//   (endTs - lookback, endTs); each span whose parent span belongs to another service counts one call from the
//   parent's service to the span's; the body is the envelope with data: [{parent, child, callCount}]
//   (model/json DependencyLink).
import { describe, expect, it } from 'vitest';
import type { JaegerDependencyLink, JaegerEnvelope } from '../../../src/jaeger/jaeger-json.js';
import { routeJaegerRequest } from '../../../src/jaeger/route-jaeger-request.js';
import { TraceStore } from '../../../src/jaeger/trace-store.js';
import { logicCall, sentimentJourney, T0_MS, targetPortOf } from './sentiment-journey.js';

const MINUTE_MS = 60_000;
const NOW_MS = T0_MS + 1_000;
const GATEWAY = 'istio-ingressgateway.istio-system';
const WEBAPP = 'sa-webapp.sentiment';
const LOGIC = 'sa-logic.sentiment';

function store(): TraceStore {
  const traces = new TraceStore({ targetPortOf, retentionMs: 24 * 60 * MINUTE_MS });
  traces.record(logicCall({ traceId: '00000000000000000000000000000b01', startMs: T0_MS - 180 * MINUTE_MS }));
  traces.record(logicCall({ traceId: '00000000000000000000000000000b02', startMs: T0_MS - 5 * MINUTE_MS }));
  traces.record(logicCall({ traceId: '00000000000000000000000000000b03', startMs: T0_MS - MINUTE_MS }));
  // gateway → sa-webapp → sa-logic, where sa-webapp's sidecar retries: two server spans under one client span.
  for (const h of sentimentJourney()) traces.record(h);
  return traces;
}

const traces = store();
const get = (path: string) => routeJaegerRequest(traces, 'GET', path, NOW_MS);
const links = (query: string) => {
  const reply = get(`/api/dependencies${query}`);
  expect(reply.status).toBe(200);
  return (reply.body as JaegerEnvelope<JaegerDependencyLink[]>).data;
};

describe('GET /api/dependencies', () => {
  it("counts each call between two services' spans over the last 24 hours by default", () => {
    expect(get('/api/dependencies').body).toEqual({
      data: [
        { parent: GATEWAY, child: WEBAPP, callCount: 1 },
        { parent: WEBAPP, child: LOGIC, callCount: 5 }, // three lone calls, and the journey's call tried twice
      ],
      total: 0,
      limit: 0,
      offset: 0,
      errors: null,
    });
  });

  it('takes the traces with a span starting strictly inside (endTs - lookback, endTs), both in milliseconds', () => {
    expect(links(`?endTs=${NOW_MS}&lookback=${2 * MINUTE_MS}`)).toEqual([
      { parent: GATEWAY, child: WEBAPP, callCount: 1 },
      { parent: WEBAPP, child: LOGIC, callCount: 3 },
    ]);
    const lastMinute = T0_MS - MINUTE_MS; // where the third lone call starts
    expect(links(`?endTs=${lastMinute}&lookback=${10 * MINUTE_MS}`)).toEqual([
      { parent: WEBAPP, child: LOGIC, callCount: 1 },
    ]);
    expect(links(`?endTs=${lastMinute + 1}&lookback=${10 * MINUTE_MS}`)).toEqual([
      { parent: WEBAPP, child: LOGIC, callCount: 2 },
    ]);
    expect(links(`?endTs=${T0_MS - 200 * MINUTE_MS}`)).toEqual([]);
  });

  it('keeps the links that touch the service asked for', () => {
    expect(links(`?service=${GATEWAY}`)).toEqual([{ parent: GATEWAY, child: WEBAPP, callCount: 1 }]);
    expect(links('?service=nobody.nowhere')).toEqual([]);
  });

  it("answers 400 naming a parameter that is not an integer, in Jaeger's words", () => {
    expect(get('/api/dependencies?endTs=yesterday')).toEqual({
      status: 400,
      body: {
        data: null,
        total: 0,
        limit: 0,
        offset: 0,
        errors: [
          { code: 400, msg: `unable to parse param 'endTs': strconv.ParseInt: parsing "yesterday": invalid syntax` },
        ],
      },
    });
    expect(get('/api/dependencies?lookback=1h').body).toMatchObject({
      errors: [{ code: 400, msg: `unable to parse param 'lookback': strconv.ParseInt: parsing "1h": invalid syntax` }],
    });
    expect(get('/api/dependencies?lookback=99999999999999999999').body).toMatchObject({
      errors: [{ msg: expect.stringContaining('value out of range') }],
    });
  });

  it('answers only GET', () => {
    expect(routeJaegerRequest(traces, 'POST', '/api/dependencies', NOW_MS).status).toBe(405);
  });
});
