import { z } from 'zod';
import { rollbackBody, trafficRollbackRoute } from '../../../../../../../../lib/api/traffic-change.js';
import { namespaceName, objectName } from '../../../../../../../../lib/kube-names.js';
import { getCaches } from '../../../../../../../../server/caches.js';
import { requireCsrfHeader } from '../../../../../../../../server/csrf-header.js';
import {
  jsonRoute,
  methodNotAllowed,
  otherMethods,
  parseBody,
  refuseCrossSite,
} from '../../../../../../../../server/http.js';
import { rollbackTraffic } from '../../../../../../../../server/traffic/io/rollback-traffic.js';
import { trafficDeps } from '../../../../../../../../server/traffic/io/traffic-deps.js';
import { sourcesFor } from '../../../../../../../../server/auth/io/user-sources.js';

export const dynamic = 'force-dynamic';

// Restores the state before an audit entry's change (default: the last applied one), planned and checked like any.
export const POST = jsonRoute(trafficRollbackRoute, async (req, params, user) => {
  refuseCrossSite(req);
  requireCsrfHeader(req);
  const { ns, name } = z.object({ ns: namespaceName, name: objectName }).parse(params);
  const body = await parseBody(req, rollbackBody);
  return rollbackTraffic(
    trafficDeps(await sourcesFor(user, req.signal), getCaches()),
    { namespace: ns, name },
    body,
    req.signal,
  );
});

export const GET = methodNotAllowed('POST');
export const { PUT, PATCH, DELETE } = otherMethods('POST');
