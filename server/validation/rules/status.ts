// Status conditions written by controllers (when the object carries its .status), as each tool reads them:
// - IST0171, istio/istio pkg/config/analysis/analyzers/conditions/conditions.go: per kind, the condition types whose
//   False status is negative (Service, ServiceEntry, WorkloadEntry: istio.io/WaypointBound; AuthorizationPolicy:
//   ZtunnelAccepted, WaypointAccepted, and WaypointAccepted with reason PartiallyInvalid; Kubernetes Gateway:
//   Accepted, Programmed, ResolvedRefs of the Gateway itself; HTTPRoute, GRPCRoute: the same, per parent).
// - GWAPI, Kiali: a Kubernetes Gateway's conditions Accepted/Programmed/Ready/Scheduled False, and its listeners'
//   Accepted/Programmed/Ready/ResolvedRefs False or Conflicted/Detached True.
import type { Rule } from '../context.js';
import { arr, kindWords, obj, str, type Obj } from '../util.js';

const ROUTE = ['Accepted', 'Programmed', 'ResolvedRefs'];
const ISTIO_NEGATIVE_FALSE: Record<string, string[]> = {
  Service: ['istio.io/WaypointBound'],
  ServiceEntry: ['istio.io/WaypointBound'],
  WorkloadEntry: ['istio.io/WaypointBound'],
  AuthorizationPolicy: ['ZtunnelAccepted', 'WaypointAccepted'],
  K8sGateway: ROUTE,
  HTTPRoute: ROUTE,
  GRPCRoute: ROUTE,
};
const KIALI_GATEWAY_FALSE = ['Accepted', 'Programmed', 'Ready', 'Scheduled'];
const KIALI_LISTENER_FALSE = ['Accepted', 'Programmed', 'Ready', 'ResolvedRefs'];
const KIALI_LISTENER_TRUE = ['Conflicted', 'Detached'];

type Where = 'object' | 'listener' | 'parent';

function codesFor(kind: string, where: Where, c: Obj): string[] {
  const type = str(c['type']) ?? '';
  const status = str(c['status']);
  const codes: string[] = [];
  if (kind === 'K8sGateway') {
    const kiali =
      where === 'object'
        ? KIALI_GATEWAY_FALSE.includes(type) && status === 'False'
        : (KIALI_LISTENER_FALSE.includes(type) && status === 'False') ||
          (KIALI_LISTENER_TRUE.includes(type) && status === 'True');
    if (kiali) codes.push('GWAPI');
  }
  // istioctl reads a Gateway's own conditions (not its listeners'), and routes' conditions per parent.
  const read = kind === 'K8sGateway' ? where === 'object' : kind.endsWith('Route') ? where === 'parent' : true;
  if (
    read &&
    ((ISTIO_NEGATIVE_FALSE[kind]?.includes(type) && status === 'False') ||
      (kind === 'AuthorizationPolicy' && type === 'WaypointAccepted' && str(c['reason']) === 'PartiallyInvalid'))
  )
    codes.push('IST0171');
  return codes;
}

export const statusRules: Rule[] = [
  {
    kinds: ['K8sGateway', 'HTTPRoute', 'GRPCRoute', 'ServiceEntry', 'WorkloadEntry', 'AuthorizationPolicy', 'Service'],
    check(ctx) {
      const e = ctx.entry;
      const status = obj(e.object['status']);
      const lists: { conditions: unknown[]; path: string; where: Where }[] = [
        { conditions: arr(status['conditions']), path: 'status.conditions', where: 'object' },
      ];
      arr(status['listeners']).forEach((l, i) =>
        lists.push({
          conditions: arr(obj(l)['conditions']),
          path: `status.listeners[${i}].conditions`,
          where: 'listener',
        }),
      );
      arr(status['parents']).forEach((p, i) =>
        lists.push({ conditions: arr(obj(p)['conditions']), path: `status.parents[${i}].conditions`, where: 'parent' }),
      );
      for (const { conditions, path, where } of lists) {
        // Gateway API v1 reports Accepted and Programmed; Ready is kept for older controllers and reserved by the
        // spec (gateway-api apis/v1/gateway_types.go), so where the modern ones are present, Ready is not judged
        // (kiali#10188).
        const modern = conditions.some((c) => ['Accepted', 'Programmed'].includes(str(obj(c)['type']) ?? ''));
        conditions.forEach((c, i) => {
          const co = obj(c);
          const codes = codesFor(e.kind, where, co);
          if (codes.length === 0) return;
          const type = str(co['type']) ?? '';
          if (type === 'Ready' && modern) return;
          ctx.report({
            ruleId: 'status.negative-condition',
            codes,
            severity: 'warning',
            message: `The controller that runs this ${kindWords(e.kind)} reports ${type}=${str(co['status']) ?? '?'}${co['reason'] ? ` (${String(co['reason'])})` : ''}, so it is not working as written: ${(str(co['message']) ?? 'it gave no message').replace(/\.$/, '')}. Fix what the condition names; the controller updates the status once it is resolved.`,
            path: `${path}[${i}]`,
          });
        });
      }
    },
  },
];
