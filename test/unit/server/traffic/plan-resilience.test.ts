// Resilience: timeout, retries and fault injection on the default route (istio.io reference/config/networking/
// virtual-service: HTTPRoute.timeout, HTTPRetry, HTTPFaultInjection), circuit breaker and outlier detection on the
// DestinationRule's trafficPolicy (reference/config/networking/destination-rule: ConnectionPoolSettings,
// OutlierDetection). A value sets, null removes, absent keeps.
import { describe, expect, it } from 'vitest';
import { reviews, saLogic } from './fixture-input.js';
import { httpAfter, objectOf, planOf, problemsOf, specAfter } from './plan-helpers.js';

const article = () => saLogic('sa-logic-vs.yaml', 'sa-logic-dr.yaml');
const v1 = [{ destination: { host: 'sa-logic', subset: 'v1' }, weight: 100 }];

describe('planTraffic: resilience on the default route', () => {
  it('sets a timeout, retries and faults, in Istio’s field names', () => {
    const plan = planOf(article(), {
      resilience: {
        timeout: '3s',
        retries: { attempts: 3, perTryTimeout: '1s', retryOn: '5xx,connect-failure' },
        fault: { delay: { fixedDelay: '2s', percent: 10 }, abort: { httpStatus: 503, percent: 5 } },
      },
    });
    expect(httpAfter(plan)).toEqual([
      {
        route: v1,
        timeout: '3s',
        retries: { attempts: 3, perTryTimeout: '1s', retryOn: '5xx,connect-failure' },
        fault: {
          delay: { fixedDelay: '2s', percentage: { value: 10 } },
          abort: { httpStatus: 503, percentage: { value: 5 } },
        },
      },
    ]);
    expect(plan.summary.slice(0, 3)).toEqual([
      'time requests out after 3s',
      'retry up to 3 times (1s per try, on 5xx,connect-failure)',
      'inject faults for testing: delay 10 % of the requests by 2s and abort 5 % with HTTP 503',
    ]);
  });

  it('null removes a field, absent keeps it, on the default route only', () => {
    const input = reviews('virtual-service-ratings-test-delay.yaml');
    // Bookinfo's ratings: a fault on jason's matched route; give the default route one too.
    const ratings = {
      ...input,
      service: { ...input.service, metadata: { ...input.service.metadata, name: 'ratings' } },
    };
    const http = ratings.virtualServices[0]!.spec!.http as Record<string, unknown>[];
    http[1] = { ...http[1], timeout: '5s', fault: { abort: { httpStatus: 500, percentage: { value: 1 } } } };
    ratings.versions = [
      { name: 'v1', labels: { app: 'ratings', version: 'v1' }, pods: 1 },
      { name: 'v2', labels: { app: 'ratings', version: 'v2' }, pods: 1 },
    ];
    const after = httpAfter(planOf(ratings, { resilience: { fault: null } }));
    expect(after[0]).toEqual(http[0]); // jason's 7 s delay stays
    expect(after[1]).toEqual({ route: [{ destination: { host: 'ratings', subset: 'v1' } }], timeout: '5s' });
  });

  it('refuses a fault with neither delay nor abort, naming the field', () => {
    expect(problemsOf(article(), { resilience: { fault: {} } })).toEqual([
      {
        field: 'resilience.fault',
        message:
          'give a delay ({ fixedDelay, percent }), an abort ({ httpStatus, percent }) or both; null removes the fault',
      },
    ]);
  });
});

describe('planTraffic: resilience on the DestinationRule', () => {
  it('sets the circuit breaker in connectionPool and keeps the pool’s other fields and the TLS settings', () => {
    const input = article();
    input.destinationRules[0]!.spec!.trafficPolicy = {
      tls: { mode: 'ISTIO_MUTUAL' },
      connectionPool: { tcp: { connectTimeout: '30ms' } },
    };
    const plan = planOf(input, {
      resilience: { circuitBreaker: { maxConnections: 100, http1MaxPendingRequests: 10, maxRequestsPerConnection: 1 } },
    });
    expect(specAfter(plan, 'DestinationRule').trafficPolicy).toEqual({
      tls: { mode: 'ISTIO_MUTUAL' },
      connectionPool: {
        tcp: { connectTimeout: '30ms', maxConnections: 100 },
        http: { http1MaxPendingRequests: 10, maxRequestsPerConnection: 1 },
      },
    });
    expect(objectOf(plan, 'VirtualService')?.action).toBe('unchanged');
  });

  it('null removes the circuit breaker’s fields and outlier detection, leaving the rest', () => {
    const input = article();
    input.destinationRules[0]!.spec!.trafficPolicy = {
      tls: { mode: 'ISTIO_MUTUAL' },
      connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1 } },
      outlierDetection: { consecutive5xxErrors: 1, interval: '1s', baseEjectionTime: '3m', maxEjectionPercent: 100 },
    };
    const plan = planOf(input, { resilience: { circuitBreaker: null, outlierDetection: null } });
    expect(specAfter(plan, 'DestinationRule').trafficPolicy).toEqual({ tls: { mode: 'ISTIO_MUTUAL' } });
    expect(plan.summary.slice(0, 2)).toEqual(['remove the circuit breaker', 'remove the outlier detection']);
  });

  it('sets outlier detection, creating the DestinationRule when there is none', () => {
    const plan = planOf(saLogic('sa-logic-vs.yaml'), {
      resilience: { outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s' } },
    });
    expect(objectOf(plan, 'DestinationRule')).toMatchObject({
      action: 'create',
      after: {
        spec: {
          host: 'sa-logic',
          trafficPolicy: { outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s' } },
        },
      },
    });
  });
});
