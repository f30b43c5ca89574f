// Hand-built hops for one request through the sentiment-analysis demo: istio-ingressgateway → sa-webapp → sa-logic,
// where the first sa-logic pod answers 503 and the sidecar retries on the second. As in the traffic model, outside
// traffic starts at the gateway pod: the first hop's source is the gateway and it has no parent span.

import type { Attempt, Hop, ServiceRef, WorkloadRef } from '../../../src/traffic/hop.js';

export const T0_MS = Date.UTC(2026, 0, 31, 12, 0, 0, 0);
export const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
export const REQUEST_ID = '6c4f7e2a-1b3d-9e8f-a0b1-c2d3e4f5a6b7';

export function workload(overrides: Partial<WorkloadRef> & Pick<WorkloadRef, 'pod' | 'podIp'>): WorkloadRef {
  return {
    cluster: 'Kubernetes',
    namespace: 'sentiment',
    workload: 'sa-webapp-v1',
    app: 'sa-webapp',
    version: 'v1',
    canonicalService: 'sa-webapp',
    canonicalRevision: 'v1',
    serviceAccount: 'default',
    hasSidecar: true,
    isGateway: false,
    ...overrides,
  };
}

export const gateway = workload({
  namespace: 'istio-system',
  workload: 'istio-ingressgateway',
  app: 'istio-ingressgateway',
  version: 'unknown',
  canonicalService: 'istio-ingressgateway',
  canonicalRevision: 'latest',
  serviceAccount: 'istio-ingressgateway-service-account',
  pod: 'istio-ingressgateway-6d8f5c7b9-x2k4p',
  podIp: '10.244.0.14',
  isGateway: true,
});
export const saWebapp = workload({ pod: 'sa-webapp-v1-7d9f8b6c5-kq2lp', podIp: '10.244.0.21' });
const saLogic = { workload: 'sa-logic-v1', app: 'sa-logic', canonicalService: 'sa-logic' };
export const saLogicA = workload({ ...saLogic, pod: 'sa-logic-v1-5b8d9c7f6-a1b2c', podIp: '10.244.0.31' });
export const saLogicB = workload({ ...saLogic, pod: 'sa-logic-v1-5b8d9c7f6-d3e4f', podIp: '10.244.0.32' });

export const gatewayService = service('istio-ingressgateway', 'istio-system');
export const saWebappService = service('sa-webapp', 'sentiment');
export const saLogicService = service('sa-logic', 'sentiment');

/** The container ports behind the Services' port 80, as the demo's manifests declare them. */
export const targetPortOf = (svc: ServiceRef): number =>
  ({ 'sa-webapp': 8080, 'sa-logic': 5000, 'istio-ingressgateway': 8080 })[svc.name] ?? svc.port;

function service(name: string, namespace: string): ServiceRef {
  return { host: `${name}.${namespace}.svc.cluster.local`, name, namespace, port: 80 };
}

export function attempt(overrides: Partial<Attempt> & Pick<Attempt, 'destination' | 'serverSpanId'>): Attempt {
  return {
    startMs: T0_MS,
    durationMs: 10,
    responseCode: 200,
    responseFlags: '-',
    responseCodeDetails: 'via_upstream',
    requestBytes: 0,
    responseBytes: 64,
    ...overrides,
  };
}

export function hop(overrides: Partial<Hop> & Pick<Hop, 'service' | 'clientSpanId'>): Hop {
  return {
    requestId: REQUEST_ID,
    traceId: TRACE_ID,
    protocol: 'http',
    method: 'GET',
    path: '/',
    authority: overrides.service.name,
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0',
    startMs: T0_MS,
    durationMs: 10,
    responseCode: 200,
    responseFlags: '-',
    responseCodeDetails: 'via_upstream',
    requestBytes: 0,
    responseBytes: 64,
    mtls: true,
    upstreamCluster: `outbound|${overrides.service.port}||${overrides.service.host}`,
    routeName: 'default',
    attempts: [],
    ...overrides,
  };
}

/** A request from a mesh workload to the ingress gateway's Service, answered by the gateway itself. */
/** sa-webapp → sa-logic pod A, alone in its trace: one client span on sa-webapp, one server span on sa-logic. */
export function logicCall(call: { traceId: string; startMs: number; durationMs?: number; responseCode?: number }): Hop {
  const { traceId, startMs, durationMs = 10, responseCode = 200 } = call;
  const spanSuffix = traceId.slice(-15);
  return hop({
    traceId,
    requestId: `request-${traceId.slice(-3)}`,
    service: saLogicService,
    clientSpanId: `1${spanSuffix}`,
    source: saWebapp,
    startMs,
    durationMs,
    responseCode,
    attempts: [
      attempt({
        destination: saLogicA,
        serverSpanId: `2${spanSuffix}`,
        startMs,
        durationMs: durationMs - 1,
        responseCode,
      }),
    ],
  });
}

export function intoGatewayHop(): Hop {
  return hop({
    service: gatewayService,
    clientSpanId: 'a000000000000001',
    source: saWebapp,
    method: 'POST',
    path: '/sentiment',
    authority: 'sentiment.example.com',
    durationMs: 40,
    mtls: false,
    attempts: [
      attempt({ destination: gateway, serverSpanId: 'a000000000000002', startMs: T0_MS + 0.2, durationMs: 39.6 }),
    ],
  });
}

/** [gateway → sa-webapp, sa-webapp → sa-logic (503 on pod A, retried to pod B)]. */
export function sentimentJourney(): [Hop, Hop] {
  const toWebapp = hop({
    service: saWebappService,
    clientSpanId: 'b000000000000001',
    source: gateway,
    method: 'POST',
    path: '/sentiment',
    authority: 'sentiment.example.com',
    startMs: T0_MS + 1,
    durationMs: 37,
    requestBytes: 27,
    responseBytes: 51,
    routeName: 'sa-webapp',
    attempts: [
      attempt({
        destination: saWebapp,
        serverSpanId: 'b000000000000002',
        startMs: T0_MS + 1.5,
        durationMs: 35,
        requestBytes: 27,
        responseBytes: 51,
      }),
    ],
  });
  const toLogic = hop({
    service: saLogicService,
    clientSpanId: 'c000000000000001',
    parentSpanId: 'b000000000000002',
    source: saWebapp,
    method: 'POST',
    path: '/analyse/sentiment',
    authority: 'sa-logic',
    userAgent: 'Java/17.0.2',
    startMs: T0_MS + 3,
    durationMs: 30,
    requestBytes: 27,
    responseBytes: 51,
    attempts: [
      attempt({
        destination: saLogicA,
        serverSpanId: 'c000000000000002',
        startMs: T0_MS + 3.4,
        durationMs: 4,
        responseCode: 503,
        requestBytes: 27,
        responseBytes: 19,
      }),
      attempt({
        destination: saLogicB,
        serverSpanId: 'c000000000000003',
        startMs: T0_MS + 9,
        durationMs: 23.5,
        requestBytes: 27,
        responseBytes: 51,
      }),
    ],
  });
  return [toWebapp, toLogic];
}
