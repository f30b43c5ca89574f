import { namespacesQuery, namespacesRoute } from '../../../lib/api/namespaces.js';
import { jsonRoute, otherMethods, parseSearch } from '../../../server/http.js';
import { loadNamespaces } from '../../../server/mesh/io/load-namespaces.js';
import { sourcesFor } from '../../../server/auth/io/user-sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(namespacesRoute, async (req, _params, user) => {
  const query = parseSearch(req, namespacesQuery);
  return loadNamespaces(await sourcesFor(user, req.signal), query, req.signal);
});
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
