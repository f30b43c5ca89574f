import { traceRoute } from '../../../../lib/api/traces.js';
import { jsonRoute } from '../../../../server/http.js';
import { getSources } from '../../../../server/sources/sources.js';
import { loadTrace } from '../../../../server/traces/io/load-trace.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(traceRoute, async (req, params) => {
  return loadTrace(await getSources(), params['traceId'] ?? '', req.signal);
});
