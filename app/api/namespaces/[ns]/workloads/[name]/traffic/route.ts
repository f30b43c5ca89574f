import { z } from 'zod';
import { entityTrafficQuery, workloadTrafficRoute } from '../../../../../../../lib/api/entity-traffic.js';
import { namespaceName, objectName } from '../../../../../../../lib/kube-names.js';
import { getCaches } from '../../../../../../../server/caches.js';
import { loadEntityTraffic } from '../../../../../../../server/graph/io/load-entity-traffic.js';
import { jsonRoute, otherMethods, parseSearch } from '../../../../../../../server/http.js';
import { sourcesFor } from '../../../../../../../server/auth/io/user-sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(workloadTrafficRoute, async (req, params, user) => {
  const { ns, name } = z.object({ ns: namespaceName, name: objectName }).parse(params);
  const query = parseSearch(req, entityTrafficQuery);
  const entity = { namespace: ns, resource: 'workloads' as const, name };
  return loadEntityTraffic(await sourcesFor(user, req.signal), getCaches().hopTopologies, entity, query, req.signal);
});
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
