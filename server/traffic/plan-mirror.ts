// Mirroring: a copy of a percentage of the requests on the default route goes to a version too, its answers thrown
// away (`mirror` and `mirrorPercentage` on HTTPRoute, istio.io reference/config/networking/virtual-service; without
// mirrorPercentage every request would be mirrored, so Sextant always writes it). null removes both fields.
import type { MirrorChange } from '../../lib/api/traffic-change.js';
import { defaultRouteIndex, ensureDefaultRoute, routesOf } from './default-route.js';
import type { PlanInput } from './plan-types.js';
import {
  addedSentence,
  done,
  refused,
  subsetForVersion,
  tcpOnly,
  tcpOnlyProblem,
  type Drafts,
  type StepOutcome,
} from './plan-step.js';

export function planMirror(input: PlanInput, change: MirrorChange, drafts: Drafts): StepOutcome {
  const vs = drafts.virtualService;
  if (change === null) {
    const routes = routesOf(vs, 'http');
    const route = routes[defaultRouteIndex(routes)];
    if (!route || (route.mirror === undefined && route.mirrorPercentage === undefined))
      return done('no mirroring to remove');
    delete route.mirror;
    delete route.mirrorPercentage;
    return done('stop mirroring');
  }
  if (tcpOnly(vs)) return refused(tcpOnlyProblem('mirror', vs));
  const target = subsetForVersion(input, drafts, 'mirror.version', change.version);
  if ('problem' in target) return refused(target.problem);
  const route = ensureDefaultRoute(vs, input.service);
  const host = route.route?.[0]?.destination?.host ?? input.service.metadata.name;
  route.mirror = { host, subset: target.subset };
  route.mirrorPercentage = { value: change.percent };
  return done(
    `mirror ${change.percent} % of the requests to ${change.version} (its answers are dropped)`,
    ...addedSentence(target.added, drafts.destinationRule),
  );
}
