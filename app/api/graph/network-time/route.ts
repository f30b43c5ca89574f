import { networkTimeQuery, networkTimeRoute } from '../../../../lib/api/network-time.js';
import { loadNetworkTime } from '../../../../server/graph/io/load-network-time.js';
import { jsonRoute, otherMethods, parseSearch } from '../../../../server/http.js';
import { sourcesFor } from '../../../../server/auth/io/user-sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(networkTimeRoute, async (req, _params, user) => {
  const query = parseSearch(req, networkTimeQuery);
  return loadNetworkTime(await sourcesFor(user, req.signal), query, req.signal);
});
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
