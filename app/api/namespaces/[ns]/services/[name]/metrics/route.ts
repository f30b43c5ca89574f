import { z } from 'zod';
import { entityMetricsQuery, entityMetricsRoutes } from '../../../../../../../lib/api/entity-metrics.js';
import { namespaceName, objectName } from '../../../../../../../lib/kube-names.js';
import { jsonRoute, otherMethods, parseSearch } from '../../../../../../../server/http.js';
import { sourcesFor } from '../../../../../../../server/auth/io/user-sources.js';
import { loadEntityMetrics } from '../../../../../../../server/telemetry/io/load-entity-metrics.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(entityMetricsRoutes.services, async (req, params, user) => {
  const { ns, name } = z.object({ ns: namespaceName, name: objectName }).parse(params);
  const query = parseSearch(req, entityMetricsQuery);
  return loadEntityMetrics(
    await sourcesFor(user, req.signal),
    { resource: 'services', namespace: ns, name },
    query,
    req.signal,
  );
});
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
