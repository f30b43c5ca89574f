import { healthzRoute } from '../../lib/api/healthz.js';
import { jsonRoute } from '../../server/http.js';
import { healthzOf } from '../../server/probes.js';
import { sourcesNow } from '../../server/sources/sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(healthzRoute, async () => healthzOf(await sourcesNow()));
