import { z } from 'zod';
import { workloadsQuery, workloadsRoute } from '../../../../../lib/api/workloads.js';
import { namespaceName } from '../../../../../lib/kube-names.js';
import { jsonRoute, parseSearch } from '../../../../../server/http.js';
import { loadWorkloads } from '../../../../../server/mesh/io/load-lists.js';
import { getSources } from '../../../../../server/sources/sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(workloadsRoute, async (req, params) => {
  const { ns } = z.object({ ns: namespaceName }).parse(params);
  const query = parseSearch(req, workloadsQuery);
  return loadWorkloads(await getSources(), ns, query, req.signal);
});
