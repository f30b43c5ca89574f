import { canaryRunsQuery, canaryRunsRoute } from '../../../lib/api/canary.js';
import { sourcesFor } from '../../../server/auth/io/user-sources.js';
import { jsonRoute, otherMethods, parseSearch } from '../../../server/http.js';
import { ensureCanaryRunner, processCanaryDeps } from '../../../server/traffic/canary/io/canary-runner.js';
import { listCanaries } from '../../../server/traffic/canary/io/list-canaries.js';

export const dynamic = 'force-dynamic';

// The runs of these namespaces, for the graph's badges: one cluster-wide LIST of the runs' ConfigMaps.
export const GET = jsonRoute(canaryRunsRoute, async (req, _params, user) => {
  const { namespaces } = parseSearch(req, canaryRunsQuery);
  const visible = (await sourcesFor(user, req.signal)).access.visibleNamespaces();
  void ensureCanaryRunner().catch(() => undefined);
  return listCanaries(
    (await processCanaryDeps()).store,
    namespaces.filter((ns) => visible.has(ns)),
    req.signal,
  );
});
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
