// GET /api/traces?traceID=…&traceID=… as jaeger-query answers it:
// - cmd/query/app/query_parser.go, parseTraceQueryParams: each traceID is read by model.TraceIDFromString
//   (model/ids.go: at most 32 hex digits, split into two 64-bit halves); a bad one is a 400 "cannot parse traceID
//   param: <reason>"; with trace ids the service parameter is not required (validateQuery);
// - cmd/query/app/http_handler.go, search and tracesByIDs: the traces found are the data, and each id not found is an
//   entry {msg: "trace not found", traceID: <id as model.TraceID.String() prints it>} in errors (no code: the field
//   is omitempty), with status 200.
import { describe, expect, it } from 'vitest';
import type { JaegerEnvelope, JaegerTrace } from '../../../src/jaeger/jaeger-json.js';
import { routeJaegerRequest } from '../../../src/jaeger/route-jaeger-request.js';
import { TraceStore } from '../../../src/jaeger/trace-store.js';
import { logicCall, sentimentJourney, T0_MS, targetPortOf, TRACE_ID } from './sentiment-journey.js';

const SHORT = '00000000000000000000000000000c01';

function store(): TraceStore {
  const traces = new TraceStore({ targetPortOf });
  traces.record(logicCall({ traceId: SHORT, startMs: T0_MS - 1_000 }));
  for (const h of sentimentJourney()) traces.record(h);
  return traces;
}

const traces = store();
const get = (path: string) => routeJaegerRequest(traces, 'GET', path, T0_MS + 1_000);
type TracesBody = JaegerEnvelope<JaegerTrace[]>;

describe('GET /api/traces?traceID=…', () => {
  it('returns each trace asked for, in the order asked, without a service', () => {
    const reply = get(`/api/traces?traceID=${SHORT}&traceID=${TRACE_ID}`);
    expect(reply.status).toBe(200);
    const body = reply.body as TracesBody;
    expect(body.data.map((trace) => trace.traceID)).toEqual([SHORT, TRACE_ID]);
    expect(body.errors).toBeNull();
  });

  it('lists an unknown id in errors with its id and no code, beside the traces found', () => {
    const unknownLong = 'abcdef0123456789abcdef0123456789';
    const reply = get(`/api/traces?traceID=${TRACE_ID}&traceID=0bad&traceID=${unknownLong}`);
    expect(reply.status).toBe(200);
    const body = reply.body as TracesBody;
    expect(body.data.map((trace) => trace.traceID)).toEqual([TRACE_ID]);
    // model.TraceID.String(): 16 digits when the high half is zero, else 32.
    expect(body.errors).toEqual([
      { msg: 'trace not found', traceID: '0000000000000bad' },
      { msg: 'trace not found', traceID: unknownLong },
    ]);
  });

  it('reads ids as hex numbers: case and leading zeros do not matter', () => {
    const body = get(`/api/traces?traceID=${SHORT.replace(/^0+/, '').toUpperCase()}`).body as TracesBody;
    expect(body.data.map((trace) => trace.traceID)).toEqual([SHORT]);
  });

  it("answers 400 for an id that is not hex or is too long, in Jaeger's words", () => {
    expect(get('/api/traces?traceID=xyz')).toEqual({
      status: 400,
      body: {
        data: null,
        total: 0,
        limit: 0,
        offset: 0,
        errors: [{ code: 400, msg: 'cannot parse traceID param: strconv.ParseUint: parsing "xyz": invalid syntax' }],
      },
    });
    const tooLong = 'f'.repeat(33);
    expect(get(`/api/traces?traceID=${tooLong}`).body).toMatchObject({
      errors: [
        { code: 400, msg: `cannot parse traceID param: TraceID cannot be longer than 32 hex characters: ${tooLong}` },
      ],
    });
    // Past 16 digits the two halves are read apart, and the error names the half that failed.
    expect(get(`/api/traces?traceID=zz${'0'.repeat(16)}`).body).toMatchObject({
      errors: [{ msg: 'cannot parse traceID param: strconv.ParseUint: parsing "zz": invalid syntax' }],
    });
  });

  it('still requires a service when no trace id is given', () => {
    expect(get('/api/traces').body).toMatchObject({ errors: [{ code: 400, msg: "parameter 'service' is required" }] });
  });
});
