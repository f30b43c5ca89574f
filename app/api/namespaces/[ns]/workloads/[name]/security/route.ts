import { z } from 'zod';
import { securityQuery, workloadSecurityRoute } from '../../../../../../../lib/api/security.js';
import { namespaceName, objectName } from '../../../../../../../lib/kube-names.js';
import { getCaches } from '../../../../../../../server/caches.js';
import { jsonRoute, otherMethods, parseSearch } from '../../../../../../../server/http.js';
import { loadSecurity } from '../../../../../../../server/security/io/load-security.js';
import { sourcesFor } from '../../../../../../../server/auth/io/user-sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(workloadSecurityRoute, async (req, params, user) => {
  const { ns, name } = z.object({ ns: namespaceName, name: objectName }).parse(params);
  const query = parseSearch(req, securityQuery);
  return loadSecurity(await sourcesFor(user, req.signal), getCaches().loggedCalls, ns, name, query, req.signal);
});
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
