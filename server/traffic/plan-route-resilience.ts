// Resilience on the default route: `timeout`, `retries` {attempts, perTryTimeout, retryOn} and `fault` {delay
// {fixedDelay, percentage.value}, abort {httpStatus, percentage.value}}, Istio's HTTPRoute fields (istio.io
// reference/config/networking/virtual-service: HTTPRoute, HTTPRetry, HTTPFaultInjection; the same names in the CRD
// schema, packages/mesh-in-a-box/src/kube/istio-fields.yaml). A value sets the field, null removes it, absent keeps.
import type { ResilienceChange } from '../../lib/api/traffic-change.js';
import { defaultRouteIndex, ensureDefaultRoute, routesOf, type Route } from './default-route.js';
import type { PlanInput, PlanProblem } from './plan-types.js';
import { refused, tcpOnly, tcpOnlyProblem, type Drafts, type StepOutcome } from './plan-step.js';

const ROUTE_FIELDS = ['timeout', 'retries', 'fault'] as const;

export function planRouteResilience(input: PlanInput, change: ResilienceChange, drafts: Drafts): StepOutcome {
  const vs = drafts.virtualService;
  const given = ROUTE_FIELDS.filter((f) => change[f] !== undefined);
  if (given.length === 0) return { problems: [], summary: [] };
  const setting = given.filter((f) => change[f] !== null);
  if (setting.length > 0 && tcpOnly(vs)) return refused(...setting.map((f) => tcpOnlyProblem(`resilience.${f}`, vs)));
  const fault = change.fault;
  if (fault && !fault.delay && !fault.abort)
    return refused({
      field: 'resilience.fault',
      message:
        'give a delay ({ fixedDelay, percent }), an abort ({ httpStatus, percent }) or both; null removes the fault',
    });

  // Removing needs no route; setting makes sure there is a default route to set it on.
  const routes = routesOf(vs, 'http');
  const route: Route | undefined =
    setting.length > 0 ? ensureDefaultRoute(vs, input.service) : routes[defaultRouteIndex(routes)];
  const summary: string[] = [];
  for (const field of given) {
    const value = change[field];
    if (value === null) {
      if (route && route[field] !== undefined) {
        delete route[field];
        summary.push(REMOVED[field]);
      }
      continue;
    }
    if (!route) continue;
    if (field === 'timeout' && typeof value === 'string') {
      route.timeout = value;
      summary.push(`time requests out after ${value}`);
    } else if (field === 'retries' && change.retries) {
      const { attempts, perTryTimeout, retryOn } = change.retries;
      route.retries = { attempts, ...(perTryTimeout ? { perTryTimeout } : {}), ...(retryOn ? { retryOn } : {}) };
      summary.push(retriesWords(attempts, perTryTimeout, retryOn));
    } else if (field === 'fault' && fault) {
      route.fault = {
        ...(fault.delay
          ? { delay: { fixedDelay: fault.delay.fixedDelay, percentage: { value: fault.delay.percent } } }
          : {}),
        ...(fault.abort
          ? { abort: { httpStatus: fault.abort.httpStatus, percentage: { value: fault.abort.percent } } }
          : {}),
      };
      summary.push(faultWords(fault));
    }
  }
  return { problems: [] as PlanProblem[], summary };
}

const REMOVED = { timeout: 'remove the timeout', retries: 'remove the retries', fault: 'remove the fault injection' };

function retriesWords(attempts: number, perTryTimeout?: string, retryOn?: string): string {
  const details = [perTryTimeout && `${perTryTimeout} per try`, retryOn && `on ${retryOn}`].filter(Boolean);
  return `retry up to ${attempts} time${attempts === 1 ? '' : 's'}${details.length ? ` (${details.join(', ')})` : ''}`;
}

function faultWords(fault: NonNullable<ResilienceChange['fault']>): string {
  const parts = [
    fault.delay && `delay ${fault.delay.percent} % of the requests by ${fault.delay.fixedDelay}`,
    fault.abort && `abort ${fault.abort.percent} % with HTTP ${fault.abort.httpStatus}`,
  ].filter(Boolean);
  return `inject faults for testing: ${parts.join(' and ')}`;
}
