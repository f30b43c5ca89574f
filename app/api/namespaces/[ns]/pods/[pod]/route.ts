import { z } from 'zod';
import { podDetailRoute } from '../../../../../../lib/api/pods.js';
import { namespaceName, objectName } from '../../../../../../lib/kube-names.js';
import { jsonRoute, otherMethods } from '../../../../../../server/http.js';
import { loadPod } from '../../../../../../server/pods/io/load-pod.js';
import { sourcesFor } from '../../../../../../server/auth/io/user-sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(podDetailRoute, async (req, params, user) => {
  const { ns, pod } = z.object({ ns: namespaceName, pod: objectName }).parse(params);
  return loadPod(await sourcesFor(user, req.signal), ns, pod, req.signal);
});
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
