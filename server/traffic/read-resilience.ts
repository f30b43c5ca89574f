// The resilience settings as the routing objects hold them, in the contract's shape (the inverse of what
// plan-route-resilience.ts and plan-rule-resilience.ts write): only what is set is returned.
import type { ResilienceChange } from '../../lib/api/traffic-change.js';
import type { KubeObject } from '../sources/kubernetes.js';
import type { Route } from './default-route.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const defined = <T extends Obj>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export function readResilience(defaultRoute: Route | undefined, dr: KubeObject | null): ResilienceChange {
  const out: ResilienceChange = {};
  const route = defaultRoute ?? {};
  if (typeof route.timeout === 'string') out.timeout = route.timeout;
  const retries = obj(route.retries);
  if (num(retries.attempts) !== undefined)
    out.retries = defined({
      attempts: retries.attempts as number,
      perTryTimeout: str(retries.perTryTimeout),
      retryOn: str(retries.retryOn),
    });
  const fault = obj(route.fault);
  const delay = obj(fault.delay);
  const abort = obj(fault.abort);
  const fixedDelay = str(delay.fixedDelay);
  const httpStatus = num(abort.httpStatus);
  if (fixedDelay || httpStatus !== undefined)
    out.fault = defined({
      // An absent percentage means every request (HTTPFaultInjection.Delay/Abort.percentage).
      delay: fixedDelay ? { fixedDelay, percent: num(obj(delay.percentage).value) ?? 100 } : undefined,
      abort: httpStatus !== undefined ? { httpStatus, percent: num(obj(abort.percentage).value) ?? 100 } : undefined,
    });

  const policy = obj(dr?.spec?.trafficPolicy);
  const pool = obj(policy.connectionPool);
  const breaker = defined({
    maxConnections: num(obj(pool.tcp).maxConnections),
    http1MaxPendingRequests: num(obj(pool.http).http1MaxPendingRequests),
    http2MaxRequests: num(obj(pool.http).http2MaxRequests),
    maxRequestsPerConnection: num(obj(pool.http).maxRequestsPerConnection),
  });
  if (Object.keys(breaker).length > 0) out.circuitBreaker = breaker;
  const outlier = obj(policy.outlierDetection);
  const detection = defined({
    consecutive5xxErrors: num(outlier.consecutive5xxErrors),
    interval: str(outlier.interval),
    baseEjectionTime: str(outlier.baseEjectionTime),
    maxEjectionPercent: num(outlier.maxEjectionPercent),
  });
  if (Object.keys(detection).length > 0) out.outlierDetection = detection;
  return out;
}
