// The traffic panel's starting point: how the service is routed now (read fresh, as a change would be), whether
// Sextant's user may change it (an access review per routing object, or per kind it would create), and the GitOps
// owners whose next sync would undo a change (the planner's readRouting says how it is routed and who owns it).
import type { TrafficRoutingResponse } from '../../../lib/api/traffic-change.js';
import { groupOf, resourceOf } from '../../sources/kubernetes-writes.js';
import type { ServiceName, TrafficDeps } from './change-traffic.js';
import { readRouting } from '../read-routing.js';
import { readPlanInput } from './read-plan-input.js';

const ISTIO = 'networking.istio.io/v1';

export async function loadRouting(
  deps: Pick<TrafficDeps, 'kube' | 'writes'>,
  service: ServiceName,
  signal?: AbortSignal,
): Promise<TrafficRoutingResponse> {
  const input = await readPlanInput(deps.kube, service.namespace, service.name, signal);
  const routing = readRouting(input);
  // The objects a change would write: those there (update), else the Istio pair Sextant would create.
  const targets =
    routing.objects.length > 0
      ? routing.objects.map((o) => ({ verb: 'update' as const, ...o }))
      : ['VirtualService', 'DestinationRule'].map((kind) => ({
          verb: 'create' as const,
          apiVersion: ISTIO,
          kind,
          namespace: service.namespace,
          name: undefined,
        }));
  const answers = await Promise.all(
    targets.map((t) =>
      deps.writes.accessReview(
        {
          verb: t.verb,
          group: groupOf(t.apiVersion),
          resource: resourceOf(t.kind),
          namespace: t.namespace,
          name: t.name,
        },
        { signal },
      ),
    ),
  );
  const denied = answers.filter((a) => !a.allowed);
  return {
    ...routing,
    access: {
      allowed: denied.length === 0,
      reason: denied.length === 0 ? null : denied.map((a) => a.reason).join('; '),
    },
  };
}
