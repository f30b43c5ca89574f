import { istioConfigQuery, istioConfigRoute } from '../../../lib/api/istio-config.js';
import { jsonRoute, otherMethods, parseSearch } from '../../../server/http.js';
import { listIstioConfig } from '../../../server/mesh/io/load-istio-config.js';
import { sourcesFor } from '../../../server/auth/io/user-sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(istioConfigRoute, async (req, _params, user) => {
  const query = parseSearch(req, istioConfigQuery);
  return listIstioConfig(await sourcesFor(user, req.signal), query);
});
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
