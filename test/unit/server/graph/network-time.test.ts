// Per-edge network time (kiali#2887) on a real trace: Tempo's answer for one Bookinfo request through an Istio mesh
// (shared/fixtures/wire/tempo-trace-otlp.json, from kiali/kiali tracing/tracingtest/responseTrace.json), read by the
// console's Tempo adapter (the span kind becomes the tag span.kind, as Jaeger shows OTLP spans). Each caller's client
// span less the callee's server span under it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { networkTime } from '../../../../server/graph/network-time.js';
import { podOfWorkload } from '../../../../server/mesh/pod-facts.js';
import { tempoToTrace, type TempoTraceAnswer } from '../../../../server/traces/tempo-to-trace.js';

const bookinfo = tempoToTrace(
  JSON.parse(readFileSync('/work/shared/fixtures/wire/tempo-trace-otlp.json', 'utf8').toString()) as TempoTraceAnswer,
)!;
// The fixture's span ids are OTLP's base64; the console's are hex.
const hex = (base64: string) => Buffer.from(base64, 'base64').toString('hex');

describe('network time of an edge from traces', () => {
  it("is the caller's client span less the callee's server span, between versioned apps", () => {
    // productpage's client span to details: 1334 µs; details' server span: 905 µs.
    expect(networkTime([bookinfo], 'vapp:bookinfo:productpage:v1', 'vapp:bookinfo:details:v1')).toEqual({
      traces: 1,
      samples: 1,
      medianMs: 0.429,
      p95Ms: 0.429,
    });
  });

  it('matches a service node by where the caller sent the request (its upstream cluster)', () => {
    // productpage → reviews: 2724 µs less reviews v2's 2242 µs.
    expect(networkTime([bookinfo], 'vapp:bookinfo:productpage:v1', 'svc:bookinfo:reviews').medianMs).toBe(0.482);
  });

  it('matches workloads by their pods, and a gateway caller by its canonical service', () => {
    expect(networkTime([bookinfo], 'wl:bookinfo:reviews-v2', 'wl:bookinfo:ratings-v1').medianMs).toBe(0.416);
    expect(
      networkTime([bookinfo], 'vapp:istio-system:istio-ingressgateway:latest', 'app:bookinfo:productpage').medianMs,
    ).toBe(0.493);
  });

  it("tells a workload's pods from those of a workload whose name starts the same", () => {
    expect(podOfWorkload('reviews-v2-6f76498fc8-58wpn', 'reviews-v2')).toBe(true);
    expect(podOfWorkload('sa-logic-v2-6f76498fc8-58wpn', 'sa-logic')).toBe(false);
    expect(podOfWorkload('fluentd-x7k2p', 'fluentd')).toBe(true);
    expect(podOfWorkload('web-0', 'web')).toBe(true);
  });

  it('has no figure for an edge the traces did not take, or an end traces cannot name', () => {
    expect(networkTime([bookinfo], 'vapp:bookinfo:details:v1', 'vapp:bookinfo:ratings:v1')).toEqual({
      traces: 0,
      samples: 0,
      medianMs: null,
      p95Ms: null,
    });
    expect(networkTime([bookinfo], 'unknown', 'app:bookinfo:productpage').samples).toBe(0);
  });

  it('takes the median and p95 over many requests, and a retried request once, less all its tries', () => {
    const slower = structuredClone(bookinfo);
    const client = slower.spans.find((s) => s.spanId === hex('6cj9Hes+iN0='))!;
    client.duration += 1000; // 1.429 ms
    const retried = structuredClone(bookinfo);
    const details = retried.spans.find((s) => s.spanId === hex('0j3l/q4Zp20='))!;
    retried.spans.push({ ...details, spanId: 'retry', duration: 300 });
    retried.spans.find((s) => s.spanId === hex('6cj9Hes+iN0='))!.duration += 400; // 1734 − 905 − 300 = 529 µs
    const figures = networkTime(
      [bookinfo, slower, retried],
      'vapp:bookinfo:productpage:v1',
      'vapp:bookinfo:details:v1',
    );
    expect(figures).toEqual({ traces: 3, samples: 3, medianMs: 0.529, p95Ms: 1.429 });
  });
});
