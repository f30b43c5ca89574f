// Saving a run after a person's action or a start, and writing its traffic change: the record first (so the runner,
// which reads it, sees the new phase at once), then the weights, then the record again with the change's audit entry
// and the routing's token. A failed write leaves the run paused with the write's message, and the error goes back to
// the person who asked.
import type { CanaryDecision, CanaryRun } from '../../../../lib/api/canary.js';
import { RefusedError } from '../../../errors.js';
import { KubernetesConflictError } from '../../../sources/kubernetes-writes.js';
import type { ServiceName } from '../../io/change-traffic.js';
import type { CanaryStore, StoredRun } from './canary-store.js';
import type { CanaryDeps } from './step-run.js';
import { writeCanaryWeights } from './write-weights.js';

/** Updates the record read as `stored`; a 409 (the runner stepped it meanwhile) is a sentence to look again. */
export async function saveOrRefuse(
  store: CanaryStore,
  stored: StoredRun,
  run: CanaryRun,
  lastToken: string | null,
  signal?: AbortSignal,
): Promise<StoredRun> {
  try {
    return await store.update(run, lastToken, stored.resourceVersion, signal);
  } catch (err) {
    if (err instanceof KubernetesConflictError)
      throw new RefusedError(
        409,
        'canary_changed',
        `the canary run of ${run.service.name} changed while you acted on it (the runner took a step); look at it again and retry`,
      );
    throw err;
  }
}

export async function writeOrPause(
  deps: CanaryDeps,
  service: ServiceName,
  stored: StoredRun,
  options: {
    weights: Record<string, number>;
    dropSubsetOf: string | null;
    now: Date;
    pause: (message: string, decision: Extract<CanaryDecision, 'pause' | 'error'>) => CanaryRun;
    signal?: AbortSignal;
  },
): Promise<CanaryRun> {
  const run = stored.run;
  const step = run.steps[run.steps.length - 1]!;
  try {
    const written = await writeCanaryWeights(
      deps.traffic,
      service,
      { weights: options.weights, why: `${step.decision}: ${step.reason}`, dropSubsetOf: options.dropSubsetOf },
      options.signal,
    );
    const saved: CanaryRun = {
      ...run,
      steps: [...run.steps.slice(0, -1), { ...step, entryId: written.entryId }],
    };
    await saveOrRefuse(deps.store, stored, saved, written.token, options.signal);
    return saved;
  } catch (err) {
    if (err instanceof RefusedError && err.code === 'canary_changed') throw err;
    const conflict = err instanceof RefusedError && err.status === 409;
    const message = `the traffic change was not written: ${(err as Error).message}`;
    await saveOrRefuse(deps.store, stored, options.pause(message, conflict ? 'pause' : 'error'), stored.lastToken);
    throw err;
  }
}
