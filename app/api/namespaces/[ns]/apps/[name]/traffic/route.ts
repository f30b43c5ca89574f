import { z } from 'zod';
import { entityTrafficQuery, appTrafficRoute } from '../../../../../../../lib/api/entity-traffic.js';
import { namespaceName, objectName } from '../../../../../../../lib/kube-names.js';
import { getCaches } from '../../../../../../../server/caches.js';
import { loadEntityTraffic } from '../../../../../../../server/graph/io/load-entity-traffic.js';
import { jsonRoute, parseSearch } from '../../../../../../../server/http.js';
import { getSources } from '../../../../../../../server/sources/sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(appTrafficRoute, async (req, params) => {
  const { ns, name } = z.object({ ns: namespaceName, name: objectName }).parse(params);
  const query = parseSearch(req, entityTrafficQuery);
  const entity = { namespace: ns, resource: 'apps' as const, name };
  return loadEntityTraffic(await getSources(), getCaches().hopTopologies, entity, query, req.signal);
});
