import { getAuth } from '../../../../../server/auth/io/auth-runtime.js';
import { openidCallback } from '../../../../../server/auth/io/auth-routes.js';
import { otherMethods } from '../../../../../server/http.js';

export const dynamic = 'force-dynamic';

export const GET = (req: Request) => openidCallback(req, getAuth);
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
