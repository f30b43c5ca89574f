import { z } from 'zod';
import { entityTrafficQuery, serviceTrafficRoute } from '../../../../../../../lib/api/entity-traffic.js';
import { namespaceName, objectName } from '../../../../../../../lib/kube-names.js';
import { trafficChangeBody, trafficChangeRoute } from '../../../../../../../lib/api/traffic-change.js';
import { getCaches } from '../../../../../../../server/caches.js';
import { requireCsrfHeader } from '../../../../../../../server/csrf-header.js';
import { loadEntityTraffic } from '../../../../../../../server/graph/io/load-entity-traffic.js';
import { jsonRoute, otherMethods, parseBody, parseSearch, refuseCrossSite } from '../../../../../../../server/http.js';
import { changeTraffic } from '../../../../../../../server/traffic/io/change-traffic.js';
import { trafficDeps } from '../../../../../../../server/traffic/io/traffic-deps.js';
import { sourcesFor } from '../../../../../../../server/auth/io/user-sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(serviceTrafficRoute, async (req, params, user) => {
  const { ns, name } = z.object({ ns: namespaceName, name: objectName }).parse(params);
  const query = parseSearch(req, entityTrafficQuery);
  const entity = { namespace: ns, resource: 'services' as const, name };
  return loadEntityTraffic(await sourcesFor(user, req.signal), getCaches().hopTopologies, entity, query, req.signal);
});

// A traffic change (canary weights, dark launch, mirroring, resilience): planned and checked with dryRun, applied with
// the plan's resourceVersion. Refused from other sites and without the console's CSRF header.
export const POST = jsonRoute(trafficChangeRoute, async (req, params, user) => {
  refuseCrossSite(req);
  requireCsrfHeader(req);
  const { ns, name } = z.object({ ns: namespaceName, name: objectName }).parse(params);
  const body = await parseBody(req, trafficChangeBody);
  return changeTraffic(
    trafficDeps(await sourcesFor(user, req.signal), getCaches()),
    { namespace: ns, name },
    body,
    req.signal,
  );
});
export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
