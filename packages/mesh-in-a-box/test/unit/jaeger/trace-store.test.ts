import { describe, expect, it } from 'vitest';
import type { JaegerSpan, JaegerTrace } from '../../../src/jaeger/jaeger-json.js';
import { TraceStore } from '../../../src/jaeger/trace-store.js';
import { AccessLogBook } from '../../../src/telemetry/access-log-book.js';
import type { Hop } from '../../../src/traffic/hop.js';
import {
  attempt,
  gateway,
  hop,
  intoGatewayHop,
  REQUEST_ID,
  saLogicA,
  saLogicB,
  saLogicService,
  saWebapp,
  sentimentJourney,
  T0_MS,
  TRACE_ID,
  targetPortOf,
} from './sentiment-journey.js';
import { readWireFixture } from './wire-fixture.js';

function journeyTrace(): JaegerTrace {
  const store = new TraceStore({ targetPortOf });
  for (const h of sentimentJourney()) store.record(h);
  return store.trace(TRACE_ID)!;
}

const tag = (span: JaegerSpan, key: string) => span.tags.find((t) => t.key === key)?.value;
const spanById = (trace: JaegerTrace, id: string) => trace.spans.find((span) => span.spanID === id)!;
const parentOf = (span: JaegerSpan) => span.references[0]?.spanID;

describe('TraceStore spans of a journey', () => {
  it('makes one client span on the gateway, then client and server spans on the sidecars, one per try', () => {
    const trace = journeyTrace();
    const summary = trace.spans.map((span) => [
      trace.processes[span.processID]!.serviceName,
      tag(span, 'span.kind'),
      span.operationName,
    ]);
    expect(summary).toEqual([
      ['istio-ingressgateway.istio-system', 'client', 'sa-webapp.sentiment.svc.cluster.local:80/*'],
      ['sa-webapp.sentiment', 'server', 'sa-webapp.sentiment.svc.cluster.local:80/*'],
      ['sa-webapp.sentiment', 'client', 'sa-logic.sentiment.svc.cluster.local:80/*'],
      ['sa-logic.sentiment', 'server', 'sa-logic.sentiment.svc.cluster.local:80/*'],
      ['sa-logic.sentiment', 'server', 'sa-logic.sentiment.svc.cluster.local:80/*'],
    ]);
  });

  it('links each span to the one that caused it, with the gateway span as the root', () => {
    const trace = journeyTrace();
    expect(spanById(trace, 'b000000000000001').references).toEqual([]);
    expect(parentOf(spanById(trace, 'b000000000000002'))).toBe('b000000000000001');
    expect(parentOf(spanById(trace, 'c000000000000001'))).toBe('b000000000000002');
    expect(parentOf(spanById(trace, 'c000000000000002'))).toBe('c000000000000001');
    expect(parentOf(spanById(trace, 'c000000000000003'))).toBe('c000000000000001');
    expect(trace.spans.every((span) => span.references.every((ref) => ref.refType === 'CHILD_OF'))).toBe(true);
  });

  it('tags the failed try with its 503 and error, the retry with 200', () => {
    const trace = journeyTrace();
    const failed = spanById(trace, 'c000000000000002');
    const retried = spanById(trace, 'c000000000000003');
    expect([tag(failed, 'http.status_code'), tag(failed, 'error')]).toEqual(['503', true]);
    expect([tag(retried, 'http.status_code'), tag(retried, 'error')]).toEqual(['200', undefined]);
    expect(trace.processes[failed.processID]!.tags).toContainEqual({
      key: 'hostname',
      type: 'string',
      value: saLogicA.pod,
    });
    expect(trace.processes[retried.processID]!.tags).toContainEqual({
      key: 'ip',
      type: 'string',
      value: saLogicB.podIp,
    });
  });

  it("tags spans as Istio's Envoy does", () => {
    const trace = journeyTrace();
    const server = spanById(trace, 'c000000000000003');
    expect(Object.fromEntries(server.tags.map((t) => [t.key, t.value]))).toEqual({
      component: 'proxy',
      downstream_cluster: '-',
      'guid:x-request-id': REQUEST_ID,
      'http.method': 'POST',
      'http.protocol': 'HTTP/1.1',
      'http.status_code': '200',
      'http.url': 'http://sa-logic/analyse/sentiment',
      'internal.span.format': 'zipkin',
      'istio.canonical_revision': 'v1',
      'istio.canonical_service': 'sa-logic',
      'istio.mesh_id': 'cluster.local',
      'istio.namespace': 'sentiment',
      'net.host.ip': saLogicB.podIp,
      node_id: `sidecar~${saLogicB.podIp}~${saLogicB.pod}.sentiment~sentiment.svc.cluster.local`,
      'peer.address': saWebapp.podIp,
      request_size: '27',
      response_flags: '-',
      response_size: '51',
      'span.kind': 'server',
      upstream_cluster: 'inbound|5000||',
      'upstream_cluster.name': 'inbound|5000||',
      user_agent: 'Java/17.0.2',
    });
    const gatewaySpan = spanById(trace, 'b000000000000001');
    expect(tag(gatewaySpan, 'node_id')).toBe(
      `router~${gateway.podIp}~${gateway.pod}.istio-system~istio-system.svc.cluster.local`,
    );
    expect(tag(gatewaySpan, 'upstream_cluster')).toBe('outbound|80||sa-webapp.sentiment.svc.cluster.local');
  });

  it('times spans in microseconds from the hop records', () => {
    const client = spanById(journeyTrace(), 'c000000000000001');
    expect([client.startTime, client.duration]).toEqual([(T0_MS + 3) * 1000, 30_000]);
  });

  it('has the keys and tag structure of the Jaeger fixture', () => {
    const fixture = JSON.parse(readWireFixture('jaeger-trace.json')) as {
      data: [{ spans: [Record<string, unknown> & { tags: object[]; references: object[] }] }] & object[];
    } & Record<string, unknown>;
    const [fixtureTrace] = fixture.data;
    const [fixtureSpan] = fixtureTrace.spans;
    const trace = journeyTrace();
    expect(Object.keys(trace).sort()).toEqual(Object.keys(fixtureTrace).sort());
    // The fixture's OTLP spans have no flags; Zipkin spans from Envoy carry the sampled flag.
    expect(Object.keys(trace.spans[0]!).sort()).toEqual([...Object.keys(fixtureSpan), 'flags'].sort());
    expect(Object.keys(trace.spans[1]!.references[0]!).sort()).toEqual(Object.keys(fixtureSpan.references[0]!).sort());
    for (const t of trace.spans.flatMap((span) => span.tags)) {
      expect(Object.keys(t).sort()).toEqual(Object.keys(fixtureSpan.tags[0]!).sort());
      expect(typeof t.value).toBe(t.type === 'bool' ? 'boolean' : 'string');
    }
    expect(Object.keys(Object.values(trace.processes)[0]!).sort()).toEqual(['serviceName', 'tags']);
  });

  it('carries the request id the access logs print', () => {
    const book = new AccessLogBook({ targetPortOf });
    for (const h of sentimentJourney()) book.record(h, 'TEXT');
    const logged = book.entries(saLogicB.namespace, saLogicB.pod, 'istio-proxy')[0]!.line.split('"')[9];
    expect(new Set(journeyTrace().spans.map((span) => tag(span, 'guid:x-request-id')))).toEqual(new Set([logged]));
    expect(logged).toBe(REQUEST_ID);
  });

  it('starts the trace at the server span when the caller has no proxy', () => {
    const store = new TraceStore();
    const fromOutside = hop({
      service: saLogicService,
      clientSpanId: 'd000000000000001',
      attempts: [attempt({ destination: saLogicA, serverSpanId: 'd000000000000002' })],
    });
    store.record(fromOutside);
    const trace = store.trace(TRACE_ID)!;
    expect(trace.spans.map((span) => [span.spanID, span.references])).toEqual([['d000000000000002', []]]);
    expect(tag(trace.spans[0]!, 'peer.address')).toBe('10.244.0.1');
  });

  it('hangs the spans a gateway starts under its caller, since a gateway reports no server span', () => {
    const store = new TraceStore();
    const [toWebapp] = sentimentJourney();
    store.record(intoGatewayHop());
    store.record({ ...toWebapp, parentSpanId: 'a000000000000002' });
    const trace = store.trace(TRACE_ID)!;
    expect(trace.spans.map((span) => [span.spanID, parentOf(span)])).toEqual([
      ['a000000000000001', undefined],
      ['b000000000000001', 'a000000000000001'],
      ['b000000000000002', 'b000000000000001'],
    ]);
  });

  it("hangs a sidecar-less caller's request under the context its app passed on", () => {
    const store = new TraceStore();
    const bare = { ...saWebapp, hasSidecar: false };
    store.record(
      hop({
        service: saLogicService,
        clientSpanId: 'd000000000000001',
        parentSpanId: 'b000000000000001',
        source: bare,
        attempts: [attempt({ destination: saLogicA, serverSpanId: 'd000000000000002' })],
      }),
    );
    const [span] = store.trace(TRACE_ID)!.spans;
    expect([span!.spanID, parentOf(span!), tag(span!, 'peer.address')]).toEqual([
      'd000000000000002',
      'b000000000000001',
      saWebapp.podIp,
    ]);
  });

  it('makes no spans for TCP connections', () => {
    const store = new TraceStore();
    store.record(hop({ protocol: 'tcp', service: saLogicService, clientSpanId: 'd1', source: saWebapp }));
    expect(store.spanCount).toBe(0);
    expect(store.trace(TRACE_ID)).toBeUndefined();
  });
});

describe('TraceStore bounds', () => {
  const callAt = (n: number, startMs: number): Hop =>
    hop({
      traceId: n.toString(16).padStart(32, '0'),
      service: saLogicService,
      clientSpanId: `e${n.toString(16).padStart(15, '0')}`,
      source: saWebapp,
      startMs,
      attempts: [attempt({ destination: saLogicA, serverSpanId: `f${n.toString(16).padStart(15, '0')}`, startMs })],
    });

  it('keeps at most maxSpans, dropping the oldest traces whole', () => {
    const store = new TraceStore({ maxSpans: 10 });
    for (let n = 1; n <= 8; n++) store.record(callAt(n, T0_MS + n));
    expect(store.spanCount).toBe(10);
    expect(store.trace(callAt(3, 0).traceId)).toBeUndefined();
    expect(store.trace(callAt(4, 0).traceId)?.spans).toHaveLength(2);
  });

  it('forgets traces that ended more than the retention before the newest', () => {
    const store = new TraceStore();
    store.record(callAt(1, T0_MS));
    store.record(callAt(2, T0_MS + 30 * 60_000));
    store.record(callAt(3, T0_MS + 61 * 60_000));
    expect(store.trace(callAt(1, 0).traceId)).toBeUndefined();
    expect(store.trace(callAt(2, 0).traceId)).toBeDefined();
  });

  it('samples whole traces by id at the configured ratio', () => {
    const store = new TraceStore({ samplingRatio: 0.25 });
    const none = new TraceStore({ samplingRatio: 0 });
    for (let n = 0; n < 400; n++) {
      const traceId = ((n * 2654435761) >>> 0).toString(16).padStart(32, '0');
      for (const h of sentimentJourney()) {
        store.record({ ...h, traceId });
        none.record({ ...h, traceId });
      }
    }
    const kept = store.spanCount / 5;
    expect(kept).toBeGreaterThan(60);
    expect(kept).toBeLessThan(140);
    expect(Number.isInteger(kept)).toBe(true);
    expect(none.spanCount).toBe(0);
  });
});
