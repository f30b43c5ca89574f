import { z } from 'zod';
import { traceLogsRoute } from '../../../../../lib/api/logs.js';
import { traceIdParam } from '../../../../../lib/api/traces.js';
import { jsonRoute } from '../../../../../server/http.js';
import { loadTraceLogs } from '../../../../../server/logs/io/load-trace-logs.js';
import { getSources } from '../../../../../server/sources/sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(traceLogsRoute, async (req, params) => {
  const { traceId } = z.object({ traceId: traceIdParam }).parse(params);
  return loadTraceLogs(await getSources(), traceId, req.signal);
});
