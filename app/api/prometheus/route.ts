import { prometheusStatusRoute } from '../../../lib/api/prometheus-status.js';
import { jsonRoute, otherMethods } from '../../../server/http.js';
import { loadPrometheusStatus } from '../../../server/sources/prometheus-status.js';
import { sourcesFor } from '../../../server/auth/io/user-sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(prometheusStatusRoute, async (req, _params, user) =>
  loadPrometheusStatus((await sourcesFor(user, req.signal)).prometheus, req.signal),
);
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
