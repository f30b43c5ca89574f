import { authMe, meQuery } from '../../../../lib/api/auth.js';
import { cookieRoute, me } from '../../../../server/auth/io/auth-routes.js';
import { getAuth } from '../../../../server/auth/io/auth-runtime.js';
import { parseSearch } from '../../../../server/http.js';

export const dynamic = 'force-dynamic';

export const GET = cookieRoute(authMe, (req) => me(req, getAuth(), parseSearch(req, meQuery).namespace ?? null));
