import { readyzRoute } from '../../lib/api/readyz.js';
import { jsonRoute } from '../../server/http.js';
import { readyzOf, readyzStatus, unstartable } from '../../server/probes.js';
import { sourcesNow } from '../../server/sources/sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute({ ...readyzRoute, status: readyzStatus }, () => sourcesNow().then(readyzOf, unstartable));
