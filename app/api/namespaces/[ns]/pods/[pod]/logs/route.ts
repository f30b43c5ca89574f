import { z } from 'zod';
import { podLogsQuery, podLogsRoute } from '../../../../../../../lib/api/logs.js';
import { namespaceName, objectName } from '../../../../../../../lib/kube-names.js';
import { jsonRoute, otherMethods, parseSearch } from '../../../../../../../server/http.js';
import { loadPodLogs } from '../../../../../../../server/logs/io/load-pod-logs.js';
import { sourcesFor } from '../../../../../../../server/auth/io/user-sources.js';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute(podLogsRoute, async (req, params, user) => {
  const { ns, pod } = z.object({ ns: namespaceName, pod: objectName }).parse(params);
  const query = parseSearch(req, podLogsQuery);
  return loadPodLogs(await sourcesFor(user, req.signal), ns, pod, query, req.signal);
});
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
