import { z } from 'zod';
import { trafficRoutingRoute } from '../../../../../../../../lib/api/traffic-change.js';
import { namespaceName, objectName } from '../../../../../../../../lib/kube-names.js';
import { jsonRoute, otherMethods } from '../../../../../../../../server/http.js';
import { kubernetesWrites } from '../../../../../../../../server/sources/kubernetes-writes.js';
import { sourcesFor } from '../../../../../../../../server/auth/io/user-sources.js';
import { loadRouting } from '../../../../../../../../server/traffic/io/load-routing.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(trafficRoutingRoute, async (req, params, user) => {
  const { ns, name } = z.object({ ns: namespaceName, name: objectName }).parse(params);
  const { kubernetes } = await sourcesFor(user, req.signal);
  return loadRouting({ kube: kubernetes, writes: kubernetesWrites(kubernetes) }, { namespace: ns, name }, req.signal);
});
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
