import { istioConfigQuery, istioConfigRoute } from '../../../lib/api/istio-config.js';
import { jsonRoute, parseSearch } from '../../../server/http.js';
import { listIstioConfig } from '../../../server/mesh/io/load-istio-config.js';
import { getSources } from '../../../server/sources/sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(istioConfigRoute, async (req) => {
  const query = parseSearch(req, istioConfigQuery);
  return listIstioConfig(await getSources(), query);
});
