import { prometheusStatusRoute } from '../../../lib/api/prometheus-status.js';
import { jsonRoute } from '../../../server/http.js';
import { loadPrometheusStatus } from '../../../server/sources/prometheus-status.js';
import { getSources } from '../../../server/sources/sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(prometheusStatusRoute, async (req) =>
  loadPrometheusStatus((await getSources()).prometheus, req.signal),
);
