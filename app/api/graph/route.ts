import { graphQuery, graphRoute } from '../../../lib/api/graph.js';
import { compactGraph } from '../../../server/graph/compact-graph.js';
import { getCaches } from '../../../server/caches.js';
import { loadGraph } from '../../../server/graph/io/load-graph.js';
import { jsonRoute, otherMethods, parseSearch } from '../../../server/http.js';
import { sourcesFor } from '../../../server/auth/io/user-sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(
  // Checking a 5,000-workload graph against its contract takes longer than building it: the tests check instead.
  { ...graphRoute, encode: compactGraph, checkOutput: false },
  async (req, _params, user) => {
    const query = parseSearch(req, graphQuery);
    return loadGraph(await sourcesFor(user, req.signal), getCaches().topologies, query, req.signal);
  },
);
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
