import { getAuth } from '../../../../../server/auth/io/auth-runtime.js';
import { openidStart } from '../../../../../server/auth/io/auth-routes.js';
import { otherMethods } from '../../../../../server/http.js';

export const dynamic = 'force-dynamic';

export const GET = (req: Request) => openidStart(req, getAuth);
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
