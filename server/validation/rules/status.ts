// Status conditions written by controllers (when the object carries its .status): GWAPI for Kubernetes Gateways,
// IST0171 for the kinds istioctl reads.
import type { Rule } from '../context.js';
import { arr, obj, str } from '../util.js';

const GOOD_WHEN_TRUE = new Set([
  'Accepted',
  'Programmed',
  'Ready',
  'Scheduled',
  'ResolvedRefs',
  'Reconciled',
  'WaypointAccepted',
]);
const BAD_WHEN_TRUE = new Set(['Conflicted', 'Detached']);

export const statusRules: Rule[] = [
  {
    kinds: ['K8sGateway', 'HTTPRoute', 'GRPCRoute', 'ServiceEntry', 'WorkloadEntry', 'AuthorizationPolicy', 'Service'],
    check(ctx) {
      const e = ctx.entry;
      const status = obj(e.object['status']);
      const lists: { conditions: unknown[]; path: string }[] = [
        { conditions: arr(status['conditions']), path: 'status.conditions' },
      ];
      arr(status['listeners']).forEach((l, i) =>
        lists.push({ conditions: arr(obj(l)['conditions']), path: `status.listeners[${i}].conditions` }),
      );
      arr(status['parents']).forEach((p, i) =>
        lists.push({ conditions: arr(obj(p)['conditions']), path: `status.parents[${i}].conditions` }),
      );
      for (const { conditions, path } of lists) {
        // Gateway API v1 reports Accepted and Programmed; Ready is kept for older controllers and reserved by the
        // spec (gateway-api apis/v1/gateway_types.go), so where the modern ones are present, Ready is not judged
        // (kiali#10188).
        const modern = conditions.some((c) => ['Accepted', 'Programmed'].includes(str(obj(c)['type']) ?? ''));
        conditions.forEach((c, i) => {
          const co = obj(c);
          const type = str(co['type']) ?? '';
          if (type === 'Ready' && modern) return;
          const st = str(co['status']);
          const bad =
            (GOOD_WHEN_TRUE.has(type) && st === 'False') ||
            (BAD_WHEN_TRUE.has(type) && st === 'True') ||
            (type === 'WaypointAccepted' && str(co['reason']) === 'PartiallyInvalid');
          if (!bad) return;
          ctx.report({
            ruleId: 'status.negative-condition',
            codes: e.kind === 'K8sGateway' ? ['GWAPI', 'IST0171'] : ['IST0171'],
            severity: 'warning',
            message: `The controller that runs this ${e.kind} reports ${type}=${st ?? '?'}${co['reason'] ? ` (${String(co['reason'])})` : ''}, so it is not working as written: ${(str(co['message']) ?? 'it gave no message').replace(/\.$/, '')}. Fix what the condition names; the controller updates the status once it is resolved.`,
            path: `${path}[${i}]`,
          });
        });
      }
    },
  },
];
