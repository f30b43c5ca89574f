import { validationsQuery, validationsRoute } from '../../../lib/api/validations.js';
import { getCaches } from '../../../server/caches.js';
import { jsonRoute, otherMethods, parseSearch } from '../../../server/http.js';
import { sourcesFor } from '../../../server/auth/io/user-sources.js';
import { listValidations } from '../../../server/validation/io/load-validations.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(validationsRoute, async (req, _params, user) => {
  const query = parseSearch(req, validationsQuery);
  return listValidations(await sourcesFor(user, req.signal), getCaches().validators, query);
});
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
