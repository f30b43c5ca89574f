import { graphSeriesQuery, graphSeriesRoute } from '../../../../lib/api/graph-series.js';
import { loadGraphSeries } from '../../../../server/graph/io/load-graph-series.js';
import { jsonRoute, parseSearch } from '../../../../server/http.js';
import { getSources } from '../../../../server/sources/sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(graphSeriesRoute, async (req) => {
  const query = parseSearch(req, graphSeriesQuery);
  return loadGraphSeries(await getSources(), query, req.signal);
});
