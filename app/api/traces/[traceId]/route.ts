import { z } from 'zod';
import { traceIdParam, traceRoute } from '../../../../lib/api/traces.js';
import { jsonRoute, otherMethods } from '../../../../server/http.js';
import { sourcesFor } from '../../../../server/auth/io/user-sources.js';
import { loadTrace } from '../../../../server/traces/io/load-trace.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(traceRoute, async (req, params, user) => {
  // Before any source: a trace id that is not hex is the caller's to fix (400 naming traceId).
  const { traceId } = z.object({ traceId: traceIdParam }).parse(params);
  return loadTrace(await sourcesFor(user, req.signal), traceId, req.signal);
});
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
