// A dark launch: requests that match a header (or a cookie) go to one version, every other request keeps its route.
// Sextant's route is named `sextant-dark-launch` and goes first in `http` (routes are tried in order, istio.io
// reference/config/networking/virtual-service, VirtualService.http), so it wins over the default route; null removes
// that route and only it. Header names are written lowercase, as HTTPMatchRequest.headers requires.
import type { DarkLaunchChange } from '../../lib/api/traffic-change.js';
import { cookieRegex } from './cookie-match.js';
import { ensureDefaultRoute, routesOf, type Route } from './default-route.js';
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

export const DARK_LAUNCH_ROUTE = 'sextant-dark-launch';

const MODE_WORDS = { exact: 'is', prefix: 'starts with', regex: 'matches' } as const;

function matchOf(change: DarkLaunchChange): { match: Record<string, unknown>; words: string } {
  const m = change.match;
  if ('header' in m) {
    const header = m.header.toLowerCase();
    return {
      match: { headers: { [header]: { [m.mode]: m.value } } },
      words: `whose header ${header} ${MODE_WORDS[m.mode]} ${m.value}`,
    };
  }
  return {
    match: { headers: { cookie: { regex: cookieRegex(m.cookie, m.value) } } },
    words: `with cookie ${m.cookie}=${m.value}`,
  };
}

export function planDarkLaunch(input: PlanInput, change: DarkLaunchChange | null, drafts: Drafts): StepOutcome {
  const vs = drafts.virtualService;
  const routes = routesOf(vs, 'http');
  const existing = routes.findIndex((r) => r.name === DARK_LAUNCH_ROUTE);
  if (change === null) {
    if (existing < 0) return done('no dark launch to remove');
    routes.splice(existing, 1);
    return done(`remove the dark launch (route ${DARK_LAUNCH_ROUTE})`);
  }
  if (tcpOnly(vs)) return refused(tcpOnlyProblem('darkLaunch', vs));
  const target = subsetForVersion(input, drafts, 'darkLaunch.version', change.version);
  if ('problem' in target) return refused(target.problem);

  // Without a default route, requests that match no route get a 404 from the sidecar: keep "the rest" flowing.
  const fallback = ensureDefaultRoute(vs, input.service);
  const host = fallback.route?.[0]?.destination?.host ?? input.service.metadata.name;
  const port = fallback.route?.[0]?.destination?.port;
  const { match, words } = matchOf(change);
  const route: Route = {
    name: DARK_LAUNCH_ROUTE,
    match: [match],
    route: [{ destination: { host, subset: target.subset, ...(port !== undefined ? { port } : {}) } }],
  };
  const http = routesOf(vs, 'http');
  const at = http.findIndex((r) => r.name === DARK_LAUNCH_ROUTE);
  if (at >= 0) http[at] = { ...http[at], ...route };
  else http.unshift(route);
  return done(
    `send requests ${words} to ${change.version}; the rest keep their route`,
    ...addedSentence(target.added, drafts.destinationRule),
  );
}
