import { authMeRoute, meQuery } from '../../../../lib/api/auth.js';
import { me } from '../../../../server/auth/io/auth-routes.js';
import { getAuth } from '../../../../server/auth/io/auth-runtime.js';
import { jsonRoute, otherMethods, parseSearch } from '../../../../server/http.js';

export const dynamic = 'force-dynamic';

// 401 without a valid session; a refreshed OpenID session comes back as a new cookie.
export const GET = jsonRoute(authMeRoute, (req, _params, _user, reply) =>
  me(req, getAuth(), parseSearch(req, meQuery).namespace ?? null, reply),
);
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
