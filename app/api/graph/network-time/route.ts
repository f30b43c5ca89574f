import { networkTimeQuery, networkTimeRoute } from '../../../../lib/api/network-time.js';
import { loadNetworkTime } from '../../../../server/graph/io/load-network-time.js';
import { jsonRoute, parseSearch } from '../../../../server/http.js';
import { getSources } from '../../../../server/sources/sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(networkTimeRoute, async (req) => {
  const query = parseSearch(req, networkTimeQuery);
  return loadNetworkTime(await getSources(), query, req.signal);
});
