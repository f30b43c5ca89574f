import { z } from 'zod';
import { trafficHistoryRoute } from '../../../../../../../../lib/api/traffic-change.js';
import { namespaceName, objectName } from '../../../../../../../../lib/kube-names.js';
import { jsonRoute, otherMethods } from '../../../../../../../../server/http.js';
import { trafficHistory } from '../../../../../../../../server/traffic/io/rollback-traffic.js';
import { sourcesFor } from '../../../../../../../../server/auth/io/user-sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(trafficHistoryRoute, async (req, params, user) => {
  const { ns, name } = z.object({ ns: namespaceName, name: objectName }).parse(params);
  const sources = await sourcesFor(user, req.signal);
  return trafficHistory(
    { kube: sources.kubernetes, auditNamespace: sources.config.audit.namespace },
    { namespace: ns, name },
    req.signal,
  );
});
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
