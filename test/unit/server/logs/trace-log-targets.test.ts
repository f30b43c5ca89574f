// Which proxies a trace crossed, from the tags Istio's Envoy puts on its spans (node_id, hostname, guid:x-request-id:
// see shared/fixtures/wire/tempo-trace-otlp.json, Kiali's Bookinfo trace).
import { describe, expect, it } from 'vitest';
import { podOfNodeId, traceLogTargets } from '../../../../server/logs/trace-log-targets.js';
import type { JaegerSpan, JaegerTrace } from '../../../../server/sources/jaeger.js';

const span = (
  id: string,
  tags: Record<string, string>,
  start: number,
  duration: number,
  processID = 'p1',
): JaegerSpan => ({
  traceID: 't',
  spanID: id,
  operationName: 'op',
  references: [],
  startTime: start,
  duration,
  processID,
  tags: Object.entries(tags).map(([key, value]) => ({ key, type: 'string', value })),
});

describe("a trace's proxies", () => {
  it('reads the pod and namespace of an Istio node id, sidecar or gateway', () => {
    expect(podOfNodeId('sidecar~10.244.0.12~sa-logic-7d9c-abcde.demo~demo.svc.cluster.local')).toEqual({
      pod: 'sa-logic-7d9c-abcde',
      namespace: 'demo',
    });
    expect(podOfNodeId('router~10.244.0.5~istio-ingressgateway-1.istio-system~istio-system.svc.cluster.local')).toEqual(
      {
        pod: 'istio-ingressgateway-1',
        namespace: 'istio-system',
      },
    );
    expect(podOfNodeId('not-a-node-id')).toBeNull();
  });

  it("gathers one target per pod with its spans' request ids and time span; spans without a request id are left", () => {
    const trace: JaegerTrace = {
      traceID: 't',
      processes: { p1: { serviceName: 'sa-webapp.demo', tags: [{ key: 'hostname', value: 'sa-webapp-1' }] } },
      spans: [
        span(
          'a',
          { 'guid:x-request-id': 'r1', node_id: 'sidecar~1.1.1.1~sa-webapp-1.demo~demo.svc.cluster.local' },
          1_000,
          500,
        ),
        span(
          'b',
          { 'guid:x-request-id': 'r1', node_id: 'sidecar~1.1.1.1~sa-webapp-1.demo~demo.svc.cluster.local' },
          900,
          50,
        ),
        // No node_id: the process's hostname and the istio.namespace tag name the pod.
        span('c', { 'guid:x-request-id': 'r1', 'istio.namespace': 'demo' }, 1_100, 100),
        span('d', { node_id: 'sidecar~1.1.1.2~sa-logic-1.demo~demo.svc.cluster.local' }, 1_000, 10),
      ],
    };
    const targets = traceLogTargets(trace);
    expect(targets).toHaveLength(1);
    expect(targets[0]).toEqual({
      namespace: 'demo',
      pod: 'sa-webapp-1',
      requestIds: new Set(['r1']),
      startUs: 900,
      endUs: 1_500,
    });
  });
});
