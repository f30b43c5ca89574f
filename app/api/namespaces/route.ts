import { namespacesQuery, namespacesRoute } from '../../../lib/api/namespaces.js';
import { jsonRoute, parseSearch } from '../../../server/http.js';
import { loadNamespaces } from '../../../server/mesh/io/load-namespaces.js';
import { getSources } from '../../../server/sources/sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(namespacesRoute, async (req) => {
  const query = parseSearch(req, namespacesQuery);
  return loadNamespaces(await getSources(), query, req.signal);
});
