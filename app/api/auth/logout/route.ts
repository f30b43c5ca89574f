import { logoutResponse } from '../../../../lib/api/auth.js';
import { cookieRoute, logout } from '../../../../server/auth/io/auth-routes.js';
import { getAuth } from '../../../../server/auth/io/auth-runtime.js';
import { methodNotAllowed } from '../../../../server/http.js';

export const dynamic = 'force-dynamic';

export const POST = cookieRoute(logoutResponse, (req) => logout(req, getAuth()));
export const GET = methodNotAllowed('POST');
