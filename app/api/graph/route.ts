import { graphQuery, graphResponse } from '../../../lib/api/graph.js';
import { loadGraph } from '../../../server/graph/load-graph.js';
import { jsonRoute, parseSearch } from '../../../server/http.js';
import { getSources } from '../../../server/sources/sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute({ route: '/api/graph', output: graphResponse }, async (req) => {
  const query = parseSearch(req, graphQuery);
  return loadGraph(await getSources(), query, req.signal);
});
