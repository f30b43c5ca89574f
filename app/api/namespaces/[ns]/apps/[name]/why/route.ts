import { z } from 'zod';
import { appWhyRoute, whyQuery } from '../../../../../../../lib/api/why.js';
import { namespaceName, objectName } from '../../../../../../../lib/kube-names.js';
import { getCaches } from '../../../../../../../server/caches.js';
import { jsonRoute, otherMethods, parseSearch } from '../../../../../../../server/http.js';
import { sourcesFor } from '../../../../../../../server/auth/io/user-sources.js';
import { loadWhy } from '../../../../../../../server/telemetry/io/load-why.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(appWhyRoute, async (req, params, user) => {
  const { ns, name } = z.object({ ns: namespaceName, name: objectName }).parse(params);
  const query = parseSearch(req, whyQuery);
  const entity = { namespace: ns, resource: 'apps' as const, name };
  return loadWhy(await sourcesFor(user, req.signal), getCaches().hopTopologies, entity, query, req.signal);
});
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
