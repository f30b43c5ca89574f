import { z } from 'zod';
import { envoyDiffQuery, envoyDiffRoute } from '../../../../../../../../lib/api/envoy.js';
import { namespaceName, objectName } from '../../../../../../../../lib/kube-names.js';
import { jsonRoute, methodNotAllowed, parseSearch } from '../../../../../../../../server/http.js';
import { loadEnvoyDiff } from '../../../../../../../../server/envoy/io/load-envoy.js';
import { sourcesFor } from '../../../../../../../../server/auth/io/user-sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(envoyDiffRoute, async (req, params, user) => {
  const { ns, pod } = z.object({ ns: namespaceName, pod: objectName }).parse(params);
  const query = parseSearch(req, envoyDiffQuery);
  const other = objectName.parse(query.with);
  return loadEnvoyDiff(await sourcesFor(user, req.signal), { namespace: ns, pod, with: other }, req.signal);
});
export const POST = methodNotAllowed('GET');
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
