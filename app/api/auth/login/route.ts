import { loginOptionsRoute, tokenLoginRoute } from '../../../../lib/api/auth.js';
import { loginOptionsOf, tokenLogin } from '../../../../server/auth/io/auth-routes.js';
import { getAuth } from '../../../../server/auth/io/auth-runtime.js';
import { jsonRoute, otherMethods } from '../../../../server/http.js';

export const dynamic = 'force-dynamic';

// How to log in here: answered to anyone, as the login page needs it before there is a session.
export const GET = jsonRoute(loginOptionsRoute, () => loginOptionsOf(getAuth()));

// The token strategy's login: refused cross-site and without the console's CSRF header.
export const POST = jsonRoute(tokenLoginRoute, (req, _params, _user, reply) => tokenLogin(req, getAuth(), reply));
export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
