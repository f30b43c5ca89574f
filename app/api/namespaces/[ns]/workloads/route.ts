import { z } from 'zod';
import { workloadsQuery, workloadsRoute } from '../../../../../lib/api/workloads.js';
import { namespaceName } from '../../../../../lib/kube-names.js';
import { jsonRoute, otherMethods, parseSearch } from '../../../../../server/http.js';
import { loadWorkloads } from '../../../../../server/mesh/io/load-lists.js';
import { sourcesFor } from '../../../../../server/auth/io/user-sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(workloadsRoute, async (req, params, user) => {
  const { ns } = z.object({ ns: namespaceName }).parse(params);
  const query = parseSearch(req, workloadsQuery);
  return loadWorkloads(await sourcesFor(user, req.signal), ns, query, req.signal);
});
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
