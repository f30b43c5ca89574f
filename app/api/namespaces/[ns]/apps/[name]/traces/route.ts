import { z } from 'zod';
import { appTracesRoute, entityTracesQuery } from '../../../../../../../lib/api/traces.js';
import { namespaceName, objectName } from '../../../../../../../lib/kube-names.js';
import { jsonRoute, otherMethods, parseSearch } from '../../../../../../../server/http.js';
import { sourcesFor } from '../../../../../../../server/auth/io/user-sources.js';
import { loadEntityTraces } from '../../../../../../../server/traces/io/load-entity-traces.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(appTracesRoute, async (req, params, user) => {
  const { ns, name } = z.object({ ns: namespaceName, name: objectName }).parse(params);
  const query = parseSearch(req, entityTracesQuery);
  const entity = { namespace: ns, resource: 'apps' as const, name };
  return loadEntityTraces(await sourcesFor(user, req.signal), entity, query, req.signal);
});
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
