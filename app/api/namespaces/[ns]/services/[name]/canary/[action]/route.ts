import { z } from 'zod';
import { canaryAction, canaryActionRoute } from '../../../../../../../../lib/api/canary.js';
import { namespaceName, objectName } from '../../../../../../../../lib/kube-names.js';
import { NotFoundError } from '../../../../../../../../server/errors.js';
import { requireCsrfHeader } from '../../../../../../../../server/csrf-header.js';
import { jsonRoute, refuseCrossSite } from '../../../../../../../../server/http.js';
import { actOnCanary } from '../../../../../../../../server/traffic/canary/io/act-on-canary.js';
import {
  ensureCanaryRunner,
  processCanaryDeps,
} from '../../../../../../../../server/traffic/canary/io/canary-runner.js';

export const dynamic = 'force-dynamic';

// A person's action on the run: pause, resume, abort (everything back to the baseline) or promote now.
export const POST = jsonRoute(canaryActionRoute, async (req, params) => {
  refuseCrossSite(req);
  requireCsrfHeader(req);
  const { ns, name } = z.object({ ns: namespaceName, name: objectName }).parse(params);
  const action = canaryAction.safeParse(params['action']);
  if (!action.success)
    throw new NotFoundError(
      `there is no canary action ${params['action']}; the actions are ${canaryAction.options.join(', ')}`,
    );
  void ensureCanaryRunner().catch(() => undefined);
  return actOnCanary(await processCanaryDeps(), { namespace: ns, name }, action.data, req.signal);
});
