import { z } from 'zod';
import { workloadDetailRoute, workloadsQuery } from '../../../../../../lib/api/workloads.js';
import { namespaceName, objectName } from '../../../../../../lib/kube-names.js';
import { jsonRoute, otherMethods, parseSearch } from '../../../../../../server/http.js';
import { loadWorkload } from '../../../../../../server/mesh/io/load-lists.js';
import { sourcesFor } from '../../../../../../server/auth/io/user-sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(workloadDetailRoute, async (req, params, user) => {
  const { ns, name } = z.object({ ns: namespaceName, name: objectName }).parse(params);
  const query = parseSearch(req, workloadsQuery);
  return loadWorkload(await sourcesFor(user, req.signal), ns, name, query, req.signal);
});
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
