import { z } from 'zod';
import { podDetailRoute } from '../../../../../../lib/api/pods.js';
import { namespaceName, objectName } from '../../../../../../lib/kube-names.js';
import { jsonRoute } from '../../../../../../server/http.js';
import { loadPod } from '../../../../../../server/pods/io/load-pod.js';
import { getSources } from '../../../../../../server/sources/sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(podDetailRoute, async (req, params) => {
  const { ns, pod } = z.object({ ns: namespaceName, pod: objectName }).parse(params);
  return loadPod(await getSources(), ns, pod, req.signal);
});
