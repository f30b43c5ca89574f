import { z } from 'zod';
import { canaryRoute, canaryStartBody, canaryStartRoute } from '../../../../../../../lib/api/canary.js';
import { namespaceName, objectName } from '../../../../../../../lib/kube-names.js';
import { requireCsrfHeader } from '../../../../../../../server/csrf-header.js';
import { requireNamespace, sourcesFor } from '../../../../../../../server/auth/io/user-sources.js';
import { jsonRoute, otherMethods, parseBody, refuseCrossSite } from '../../../../../../../server/http.js';
import { readCanary } from '../../../../../../../server/traffic/canary/io/act-on-canary.js';
import { canaryDepsFor, ensureCanaryRunner } from '../../../../../../../server/traffic/canary/io/canary-runner.js';
import { startCanary } from '../../../../../../../server/traffic/canary/io/start-canary.js';

export const dynamic = 'force-dynamic';

const serviceParams = z.object({ ns: namespaceName, name: objectName });

// The service's latest run (404 when it never had one). Reading a run starts this process's runner if it is not yet.
export const GET = jsonRoute(canaryRoute, async (req, params, user) => {
  const { ns, name } = serviceParams.parse(params);
  const sources = await sourcesFor(user, req.signal);
  requireNamespace(sources, ns);
  void ensureCanaryRunner().catch(() => undefined);
  return (await readCanary(await canaryDepsFor(sources), { namespace: ns, name }, req.signal)).run;
});

// Starts a run: refused from other sites and without the console's CSRF header, as every change.
export const POST = jsonRoute(canaryStartRoute, async (req, params, user) => {
  refuseCrossSite(req);
  requireCsrfHeader(req);
  const { ns, name } = serviceParams.parse(params);
  const body = await parseBody(req, canaryStartBody);
  // The runner makes the later steps with the console's rights: only someone who may change the routing starts it.
  const sources = await sourcesFor(user, req.signal);
  requireNamespace(sources, ns, { verb: 'patch', group: 'networking.istio.io', resource: 'virtualservices' });
  void ensureCanaryRunner().catch(() => undefined);
  return startCanary(await canaryDepsFor(sources), { namespace: ns, name }, body, req.signal);
});
export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
