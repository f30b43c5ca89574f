import { logoutRoute } from '../../../../lib/api/auth.js';
import { logout } from '../../../../server/auth/io/auth-routes.js';
import { getAuth } from '../../../../server/auth/io/auth-runtime.js';
import { jsonRoute, methodNotAllowed, otherMethods } from '../../../../server/http.js';

export const dynamic = 'force-dynamic';

export const POST = jsonRoute(logoutRoute, (req, _params, _user, reply) => logout(req, getAuth(), reply));
export const GET = methodNotAllowed('POST');
export const { PUT, PATCH, DELETE } = otherMethods('POST');
