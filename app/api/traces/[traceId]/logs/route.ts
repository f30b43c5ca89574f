import { z } from 'zod';
import { traceLogsRoute } from '../../../../../lib/api/logs.js';
import { traceIdParam } from '../../../../../lib/api/traces.js';
import { jsonRoute, otherMethods } from '../../../../../server/http.js';
import { loadTraceLogs } from '../../../../../server/logs/io/load-trace-logs.js';
import { sourcesFor } from '../../../../../server/auth/io/user-sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(traceLogsRoute, async (req, params, user) => {
  const { traceId } = z.object({ traceId: traceIdParam }).parse(params);
  return loadTraceLogs(await sourcesFor(user, req.signal), traceId, req.signal);
});
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
