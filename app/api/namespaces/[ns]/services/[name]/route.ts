import { z } from 'zod';
import { workloadsQuery } from '../../../../../../lib/api/workloads.js';
import { serviceDetailRoute } from '../../../../../../lib/api/services.js';
import { namespaceName, objectName } from '../../../../../../lib/kube-names.js';
import { jsonRoute, otherMethods, parseSearch } from '../../../../../../server/http.js';
import { loadService } from '../../../../../../server/mesh/io/load-lists.js';
import { sourcesFor } from '../../../../../../server/auth/io/user-sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(serviceDetailRoute, async (req, params, user) => {
  const { ns, name } = z.object({ ns: namespaceName, name: objectName }).parse(params);
  const query = parseSearch(req, workloadsQuery);
  return loadService(await sourcesFor(user, req.signal), ns, name, query, req.signal);
});
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
