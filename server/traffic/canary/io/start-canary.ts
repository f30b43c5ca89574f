// POST …/canary: the core checks the request against the service's routing as it is (startRun), the run's record is
// created (a second start of the same service meets the first's ConfigMap: 409), and its first step is written
// through the traffic path at once, so the canary takes stepWeight % before the first interval.
import { randomBytes } from 'node:crypto';
import type { CanaryRun, CanaryStartBody } from '../../../../lib/api/canary.js';
import { InputError, RefusedError } from '../../../errors.js';
import { KubernetesConflictError } from '../../../sources/kubernetes-writes.js';
import { readRouting } from '../../read-routing.js';
import { whoOf, type ServiceName } from '../../io/change-traffic.js';
import { readPlanInput } from '../../io/read-plan-input.js';
import { pauseRun } from '../act-on-run.js';
import { intervalMs } from '../interval.js';
import { startRun } from '../start-run.js';
import type { StoredRun } from './canary-store.js';
import type { CanaryDeps } from './step-run.js';
import { saveOrRefuse, writeOrPause } from './save-run.js';

const newRunId = (now: Date) => `${now.getTime().toString(36)}-${randomBytes(3).toString('hex')}`;

/** A refusal of the core's, as the HTTP error it names: 400 as InputError, 409/422 as RefusedError. */
export function refusal(status: 400 | 409 | 422, problems: { field: string; message: string }[]): Error {
  const message = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  return status === 400 ? new InputError(message) : new RefusedError(status, 'canary_refused', message);
}

export async function startCanary(
  deps: CanaryDeps & { minIntervalSeconds: number },
  service: ServiceName,
  body: CanaryStartBody,
  signal?: AbortSignal,
): Promise<CanaryRun> {
  if (intervalMs(body.interval) < deps.minIntervalSeconds * 1000)
    throw refusal(422, [
      {
        field: 'interval',
        message: `at least ${deps.minIntervalSeconds}s (SEXTANT_CANARY_MIN_INTERVAL_SECONDS): Prometheus needs several scrapes in an interval for its rates to mean anything`,
      },
    ]);
  const now = new Date();
  const [input, existing] = await Promise.all([
    readPlanInput(deps.traffic.kube, service.namespace, service.name, signal),
    deps.store.read(service, signal),
  ]);
  const view = readRouting(input);
  const result = startRun({
    service,
    body,
    routing: { versions: view.versions.map((v) => v.name), weights: view.weights, objects: view.objects },
    existing: existing?.run ?? null,
    by: whoOf(deps.traffic.kube),
    now,
    id: newRunId(now),
  });
  if (!result.ok) throw refusal(result.status, result.problems);
  let stored: StoredRun;
  if (existing) stored = await saveOrRefuse(deps.store, existing, result.run, null, signal);
  else
    try {
      stored = await deps.store.create(result.run, null, signal);
    } catch (err) {
      if (err instanceof KubernetesConflictError) throw new RefusedError(409, 'canary_exists', err.message);
      throw err;
    }
  return writeOrPause(deps, service, stored, {
    weights: result.weights,
    dropSubsetOf: null,
    now,
    pause: (message, decision) => pauseRun(result.run, message, now, decision),
    signal,
  });
}
