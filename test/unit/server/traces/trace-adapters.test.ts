// Both tracing backends' real answers read into the console's Trace (../shared/fixtures/wire, README says where each
// comes from): Tempo's `/api/traces/{id}` OTLP JSON of a Bookinfo request through Istio's proxies (kiali/kiali
// tracing/tracingtest/responseTrace.json), Tempo's search answer (…/response.json), and Jaeger's query envelope
// (jaegertracing/jaeger …/fixture/otlp2jaeger-out.json). Istio's Envoy writes the pod in `node_id`
// (`router~10.244.0.14~istio-ingressgateway-79788cd94-wgmsp.istio-system~…`) and the request id as `guid:x-request-id`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JaegerTrace } from '../../../../server/sources/jaeger.js';
import { jaegerToTrace } from '../../../../server/traces/jaeger-to-trace.js';
import { podOfNodeId, spanFailed } from '../../../../server/traces/span-facts.js';
import { otlpIdToHex, tempoSearchIds, tempoToTrace } from '../../../../server/traces/tempo-to-trace.js';
import { WIRE } from '../../../helpers/fixtures.js';

const read = (name: string) => JSON.parse(readFileSync(`${WIRE}/${name}`, 'utf8')) as unknown;

describe("Tempo's OTLP trace answer", () => {
  const trace = tempoToTrace(read('tempo-trace-otlp.json') as never)!;

  it('reads the base64 ids Tempo writes as the hex ids Jaeger and the URLs use', () => {
    // base64 "O6VWCcPN5JZJzXfR+dzZNg==" is the 16 bytes 3b a5 56 … 36.
    expect(trace.traceId).toBe('3ba55609c3cde49649cd77d1f9dcd936');
    const gateway = trace.spans.find((s) => s.spanId === '49cd77d1f9dcd936')!;
    expect(gateway.parentId).toBeNull();
    const productpage = trace.spans.find((s) => s.spanId === '84756b1dab0856fa')!;
    expect(productpage.parentId).toBe('49cd77d1f9dcd936');
  });

  it('has the 8 spans with their service, pod, namespace and request id, services in the order the request went', () => {
    expect(trace.spans).toHaveLength(8);
    expect(trace.services).toEqual([
      'istio-ingressgateway.istio-system',
      'productpage.bookinfo',
      'details.bookinfo',
      'reviews.bookinfo',
      'ratings.bookinfo',
    ]);
    const gateway = trace.spans[0]!;
    expect(gateway).toMatchObject({
      service: 'istio-ingressgateway.istio-system',
      operation: 'productpage.bookinfo.svc.cluster.local:9080/productpage',
      pod: 'istio-ingressgateway-79788cd94-wgmsp',
      namespace: 'istio-system',
      requestId: 'e4e8c177-3962-9359-945e-61e7175cd867',
      error: false,
    });
    expect(gateway.tags['span.kind']).toBe('client');
    expect(gateway.tags['upstream_cluster']).toBe('outbound|9080||productpage.bookinfo.svc.cluster.local');
    expect(new Set(trace.spans.map((s) => s.requestId))).toEqual(new Set(['e4e8c177-3962-9359-945e-61e7175cd867']));
    expect(trace.spans.find((s) => s.service === 'ratings.bookinfo')!.pod).toBe('ratings-v1-77bdbf89bb-qd48j');
  });

  it('times the trace in µs from the nanosecond strings, from the first start to the last end', () => {
    // The gateway span runs 1701779876570888000 → 1701779876582820000 ns and bounds every other one.
    expect(trace.startTime).toBe(1701779876570888);
    expect(trace.duration).toBe(11932);
    expect(trace.error).toBe(false);
  });

  it('lists the ids of a search answer', () => {
    expect(tempoSearchIds(read('tempo-search.json') as never)).toEqual(['100cb753c787ed5657c8d88dafc176ed']);
  });

  it('keeps ids that are already hex and answers null for an answer without spans', () => {
    expect(otlpIdToHex('49cd77d1f9dcd936')).toBe('49cd77d1f9dcd936');
    expect(tempoToTrace({ batches: [] })).toBeNull();
  });
});

describe("Jaeger's query API answer", () => {
  const envelope = read('jaeger-trace.json') as { data: JaegerTrace[] };
  const trace = jaegerToTrace(envelope.data[0]!);

  it('reads the process service, the CHILD_OF parent and the typed tags as strings', () => {
    expect(trace.traceId).toBe('83a9efd15c1c98a977e0711cc93ee28b');
    expect(trace.services).toEqual(['telemetrygen']);
    expect(trace.spans[0]).toMatchObject({
      spanId: 'e127af99e3b3e074',
      parentId: '909541b92cf05311',
      operation: 'okey-dokey-0',
      startTime: 1706678909209712,
      duration: 123,
      pod: null, // not an Istio proxy: no node_id, no hostname
      requestId: null,
    });
    expect(trace.spans[0]!.tags['span.kind']).toBe('server');
  });

  it('keeps one copy of a span Jaeger sent twice (the fixture holds the same span id twice)', () => {
    expect(trace.spans).toHaveLength(1);
  });

  it('takes the pod from the hostname process tag when the span has no node_id', () => {
    const withHost: JaegerTrace = {
      ...envelope.data[0]!,
      processes: { p1: { serviceName: 'sa-logic.default', tags: [{ key: 'hostname', value: 'sa-logic-7c9d-abc' }] } },
    };
    expect(jaegerToTrace(withHost).spans[0]!.pod).toBe('sa-logic-7c9d-abc');
  });
});

describe('what a span says in Istio words', () => {
  it('splits the pod and namespace out of a node id, even a pod name with dots', () => {
    expect(podOfNodeId('sidecar~10.244.0.20~reviews-v1-667b5cc65d-4m24g.bookinfo~bookinfo.svc.cluster.local')).toEqual({
      pod: 'reviews-v1-667b5cc65d-4m24g',
      namespace: 'bookinfo',
    });
    expect(podOfNodeId('sidecar~10.0.0.1~web.v2.shop~shop.svc.cluster.local')).toEqual({
      pod: 'web.v2',
      namespace: 'shop',
    });
    expect(podOfNodeId('garbage')).toBeNull();
  });

  it('fails a span on error=true, a 5xx, or a gRPC status other than OK', () => {
    expect(spanFailed({ error: 'true' })).toBe(true);
    expect(spanFailed({ 'http.status_code': '503' })).toBe(true);
    expect(spanFailed({ 'http.status_code': '404' })).toBe(false);
    expect(spanFailed({ 'http.status_code': '200', 'grpc.status_code': '14' })).toBe(true);
    expect(spanFailed({ 'http.status_code': '200', 'grpc.status_code': '0' })).toBe(false);
    expect(spanFailed({}, true)).toBe(true);
  });
});
