// One step of one run, every decision the core's: hold the run's Lease (else another runner steps it) → read the run
// (due?) → read the routing fresh (changed by someone since the last step? pause, naming who) → measure the gates →
// decideStep → save the step (naming the resourceVersion the run was read at) → write the weights through the
// traffic path → save the run again with the change's audit entry and the routing's token.
import type { CanaryDecision, CanaryRun } from '../../../../lib/api/canary.js';
import { RefusedError } from '../../../errors.js';
import type { PrometheusSource } from '../../../sources/prometheus.js';
import { KubernetesConflictError } from '../../../sources/kubernetes-writes.js';
import { pauseRun } from '../act-on-run.js';
import { decideStep } from '../decide-step.js';
import type { ServiceName, TrafficDeps } from '../../io/change-traffic.js';
import { readPlanInput } from '../../io/read-plan-input.js';
import { holdCanaryLease, type LeaseOptions } from './canary-lease.js';
import type { CanaryStore, StoredRun } from './canary-store.js';
import { measureGates } from './measure-gates.js';
import { routingChangedSince } from './routing-token.js';
import { writeCanaryWeights } from './write-weights.js';

export interface CanaryDeps {
  traffic: TrafficDeps;
  prometheus: PrometheusSource | null;
  store: CanaryStore;
}

export type StepReport =
  { stepped: true; decision: CanaryDecision; reason: string; run: CanaryRun } | { stepped: false; why: string };

export const isDue = (run: CanaryRun, now: Date) =>
  run.phase === 'progressing' && run.nextStepAt !== null && Date.parse(run.nextStepAt) <= now.getTime();

/** The message of a failed write and whether it was a conflict (someone else's change), for the pause's decision. */
function failureOf(err: unknown): { decision: 'pause' | 'error'; message: string } {
  const conflict = err instanceof KubernetesConflictError || (err instanceof RefusedError && err.status === 409);
  const message = err instanceof Error ? err.message : String(err);
  return { decision: conflict ? 'pause' : 'error', message: `the step's traffic change was not written: ${message}` };
}

async function save(
  deps: CanaryDeps,
  stored: StoredRun,
  run: CanaryRun,
  lastToken: string | null,
): Promise<StepReport> {
  const step = run.steps[run.steps.length - 1]!;
  try {
    await deps.store.update(run, lastToken, stored.resourceVersion);
  } catch (err) {
    // A person acted on the run (or another runner saved it) since it was read: theirs stands; the next tick reads it.
    if (err instanceof KubernetesConflictError)
      return { stepped: false, why: `the run changed while it was stepped; not saved: ${err.message}` };
    throw err;
  }
  return { stepped: true, decision: step.decision, reason: step.reason, run };
}

export async function stepRun(
  deps: CanaryDeps,
  service: ServiceName,
  lease: LeaseOptions,
  now: Date,
  signal?: AbortSignal,
): Promise<StepReport> {
  const { kube, writes } = deps.traffic;
  const held = await holdCanaryLease(kube, writes, service, lease, now, signal);
  if (!held.held) return { stepped: false, why: `held by ${held.holder}` };
  const stored = await deps.store.read(service, signal);
  if (!stored) return { stepped: false, why: 'no run' };
  if (!isDue(stored.run, now)) return { stepped: false, why: 'not due' };
  const run = stored.run;

  const input = await readPlanInput(kube, service.namespace, service.name, signal);
  const changed = stored.lastToken ? routingChangedSince(stored.lastToken, input) : null;
  if (changed) return save(deps, stored, pauseRun(run, changed, now, 'pause'), stored.lastToken);

  const measured = await measureGates(deps.prometheus, service, run.spec, signal);
  const decided = decideStep(run, measured, now);
  if (!decided.weights) return save(deps, stored, decided.run, stored.lastToken);
  // The step is saved before its traffic change (a claim): if a person acted on the run since it was read, their
  // action stands (409 here) and nothing is written; once claimed, their action waits for this step's record.
  let claimed: StoredRun;
  try {
    claimed = await deps.store.update(decided.run, stored.lastToken, stored.resourceVersion, signal);
  } catch (err) {
    if (err instanceof KubernetesConflictError)
      return { stepped: false, why: `the run changed since it was read; nothing written: ${err.message}` };
    throw err;
  }
  const step = decided.run.steps[decided.run.steps.length - 1]!;
  try {
    const written = await writeCanaryWeights(
      deps.traffic,
      service,
      {
        weights: decided.weights,
        why: `${step.decision}: ${step.reason}`,
        dropSubsetOf: decided.rewriteOnPromotion ? run.spec.baseline : null,
      },
      signal,
    );
    step.entryId = written.entryId;
    return save(deps, claimed, decided.run, written.token);
  } catch (err) {
    // The claimed step did not happen: the record says why instead, and the run waits for a person.
    const failed = failureOf(err);
    return save(deps, claimed, pauseRun(run, failed.message, now, failed.decision), stored.lastToken);
  }
}
