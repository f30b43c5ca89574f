import { graphSeriesQuery, graphSeriesRoute } from '../../../../lib/api/graph-series.js';
import { loadGraphSeries } from '../../../../server/graph/io/load-graph-series.js';
import { jsonRoute, otherMethods, parseSearch } from '../../../../server/http.js';
import { sourcesFor } from '../../../../server/auth/io/user-sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(graphSeriesRoute, async (req, _params, user) => {
  const query = parseSearch(req, graphSeriesQuery);
  return loadGraphSeries(await sourcesFor(user, req.signal), query, req.signal);
});
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
