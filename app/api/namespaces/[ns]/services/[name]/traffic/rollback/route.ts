import { z } from 'zod';
import { rollbackBody, trafficRollbackRoute } from '../../../../../../../../lib/api/traffic-change.js';
import { namespaceName, objectName } from '../../../../../../../../lib/kube-names.js';
import { getCaches } from '../../../../../../../../server/caches.js';
import { requireCsrfHeader } from '../../../../../../../../server/csrf-header.js';
import { jsonRoute, methodNotAllowed, parseBody, refuseCrossSite } from '../../../../../../../../server/http.js';
import { rollbackTraffic } from '../../../../../../../../server/traffic/io/rollback-traffic.js';
import { trafficDeps } from '../../../../../../../../server/traffic/io/traffic-deps.js';
import { getSources } from '../../../../../../../../server/sources/sources.js';

export const dynamic = 'force-dynamic';

// Restores the state before an audit entry's change (default: the last applied one), planned and checked like any.
export const POST = jsonRoute(trafficRollbackRoute, async (req, params) => {
  refuseCrossSite(req);
  requireCsrfHeader(req);
  const { ns, name } = z.object({ ns: namespaceName, name: objectName }).parse(params);
  const body = await parseBody(req, rollbackBody);
  return rollbackTraffic(trafficDeps(await getSources(), getCaches()), { namespace: ns, name }, body, req.signal);
});

export const GET = methodNotAllowed('POST');
