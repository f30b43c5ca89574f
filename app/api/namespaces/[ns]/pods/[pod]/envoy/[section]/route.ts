import { z } from 'zod';
import { envoySection, envoySectionQuery, envoySectionRoute } from '../../../../../../../../lib/api/envoy.js';
import { namespaceName, objectName } from '../../../../../../../../lib/kube-names.js';
import { jsonRoute, methodNotAllowed, parseSearch } from '../../../../../../../../server/http.js';
import { loadEnvoySection } from '../../../../../../../../server/envoy/io/load-envoy.js';
import { sourcesFor } from '../../../../../../../../server/auth/io/user-sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(envoySectionRoute, async (req, params, user) => {
  const { ns, pod, section } = z.object({ ns: namespaceName, pod: objectName, section: envoySection }).parse(params);
  const query = parseSearch(req, envoySectionQuery);
  return loadEnvoySection(await sourcesFor(user, req.signal), { namespace: ns, pod, section }, query, req.signal);
});
export const POST = methodNotAllowed('GET');
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
