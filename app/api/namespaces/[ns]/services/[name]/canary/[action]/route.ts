import { z } from 'zod';
import { canaryAction, canaryActionRoute } from '../../../../../../../../lib/api/canary.js';
import { namespaceName, objectName } from '../../../../../../../../lib/kube-names.js';
import { NotFoundError } from '../../../../../../../../server/errors.js';
import { requireCsrfHeader } from '../../../../../../../../server/csrf-header.js';
import { requireNamespace, sourcesFor } from '../../../../../../../../server/auth/io/user-sources.js';
import { jsonRoute, otherMethods, refuseCrossSite } from '../../../../../../../../server/http.js';
import { actOnCanary } from '../../../../../../../../server/traffic/canary/io/act-on-canary.js';
import { ensureCanaryRunner, canaryDepsFor } from '../../../../../../../../server/traffic/canary/io/canary-runner.js';

export const dynamic = 'force-dynamic';

// A person's action on the run: pause, resume, abort (everything back to the baseline) or promote now.
export const POST = jsonRoute(canaryActionRoute, async (req, params, user) => {
  refuseCrossSite(req);
  requireCsrfHeader(req);
  const { ns, name } = z.object({ ns: namespaceName, name: objectName }).parse(params);
  const action = canaryAction.safeParse(params['action']);
  if (!action.success)
    throw new NotFoundError(
      `there is no canary action ${params['action']}; the actions are ${canaryAction.options.join(', ')}`,
    );
  const sources = await sourcesFor(user, req.signal);
  requireNamespace(sources, ns, { verb: 'patch', group: 'networking.istio.io', resource: 'virtualservices' });
  void ensureCanaryRunner().catch(() => undefined);
  return actOnCanary(await canaryDepsFor(sources), { namespace: ns, name }, action.data, req.signal);
});
export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
