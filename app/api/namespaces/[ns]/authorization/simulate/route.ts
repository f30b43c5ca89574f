import { z } from 'zod';
import { simulateBody, simulateRoute } from '../../../../../../lib/api/security.js';
import { namespaceName } from '../../../../../../lib/kube-names.js';
import { getCaches } from '../../../../../../server/caches.js';
import { requireCsrfHeader } from '../../../../../../server/csrf-header.js';
import {
  jsonRoute,
  methodNotAllowed,
  otherMethods,
  parseBody,
  refuseCrossSite,
} from '../../../../../../server/http.js';
import { loadSimulation } from '../../../../../../server/security/io/load-simulation.js';
import { sourcesFor } from '../../../../../../server/auth/io/user-sources.js';

export const dynamic = 'force-dynamic';

// A POST that changes nothing, but reads the cluster with the console's credentials: refused from other sites too.
export const POST = jsonRoute(simulateRoute, async (req, params, user) => {
  refuseCrossSite(req);
  requireCsrfHeader(req);
  const { ns } = z.object({ ns: namespaceName }).parse(params);
  const body = await parseBody(req, simulateBody);
  return loadSimulation(await sourcesFor(user, req.signal), getCaches().loggedCalls, ns, body, req.signal);
});

export const GET = methodNotAllowed('POST');
export const { PUT, PATCH, DELETE } = otherMethods('POST');
