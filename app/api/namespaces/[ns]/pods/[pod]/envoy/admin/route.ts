// GET /api/namespaces/{ns}/pods/{pod}/envoy/admin?path=/server_info&port=15000: the read-only Envoy admin pages of
// the allow-list (server/sources/envoy-admin-paths.ts), as text in JSON. Another port, path or method is refused
// (403, 405) before anything is looked up or forwarded.
import { z } from 'zod';
import { envoyAdminQuery, envoyAdminRoute } from '../../../../../../../../lib/api/envoy.js';
import { namespaceName, objectName } from '../../../../../../../../lib/kube-names.js';
import { jsonRoute, methodNotAllowed, parseSearch } from '../../../../../../../../server/http.js';
import { loadEnvoyAdmin } from '../../../../../../../../server/envoy/io/load-envoy.js';
import { sourcesFor } from '../../../../../../../../server/auth/io/user-sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(envoyAdminRoute, async (req, params, user) => {
  const { ns, pod } = z.object({ ns: namespaceName, pod: objectName }).parse(params);
  const { path, port } = parseSearch(req, envoyAdminQuery);
  return loadEnvoyAdmin(() => sourcesFor(user, req.signal), { namespace: ns, pod, path, port }, req.signal);
});
export const POST = methodNotAllowed('GET');
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
