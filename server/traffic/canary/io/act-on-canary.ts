// POST …/canary/{pause|resume|abort|promote}: the core's actOnRun on the run as stored, saved against the
// resourceVersion it was read at; abort and promote write their weights at once. A resume goes on from the routing as
// it is now: its token becomes the run's, so an edit that paused the run is not taken for another one.
import type { CanaryAction, CanaryRun } from '../../../../lib/api/canary.js';
import { NotFoundError, RefusedError } from '../../../errors.js';
import { whoOf, type ServiceName } from '../../io/change-traffic.js';
import { readPlanInput } from '../../io/read-plan-input.js';
import { parsePlanToken } from '../../plan-token.js';
import { actOnRun, pauseRun } from '../act-on-run.js';
import type { StoredRun } from './canary-store.js';
import { tokenNow } from './routing-token.js';
import { saveOrRefuse, writeOrPause } from './save-run.js';
import type { CanaryDeps } from './step-run.js';

export async function readCanary(deps: CanaryDeps, service: ServiceName, signal?: AbortSignal): Promise<StoredRun> {
  const stored = await deps.store.read(service, signal);
  if (!stored)
    throw new NotFoundError(
      `service ${service.name} in namespace ${service.namespace} has no canary run; start one with POST /api/namespaces/${service.namespace}/services/${service.name}/canary`,
    );
  return stored;
}

export async function actOnCanary(
  deps: CanaryDeps,
  service: ServiceName,
  action: CanaryAction,
  signal?: AbortSignal,
): Promise<CanaryRun> {
  const stored = await readCanary(deps, service, signal);
  const now = new Date();
  const result = actOnRun(stored.run, action, whoOf(deps.traffic.kube), now);
  if (!result.ok) throw new RefusedError(409, 'canary_phase', result.message);
  if (!result.weights) {
    let lastToken = stored.lastToken;
    if (action === 'resume') {
      const input = await readPlanInput(deps.traffic.kube, service.namespace, service.name, signal);
      lastToken = tokenNow(input, (lastToken && parsePlanToken(lastToken)) || result.run.objects);
    }
    await saveOrRefuse(deps.store, stored, result.run, lastToken, signal);
    return result.run;
  }
  const claimed = await saveOrRefuse(deps.store, stored, result.run, stored.lastToken, signal);
  return writeOrPause(deps, service, claimed, {
    weights: result.weights,
    dropSubsetOf: result.rewriteOnPromotion ? result.run.spec.baseline : null,
    now,
    pause: (message, decision) => pauseRun(result.run, message, now, decision),
    signal,
  });
}
