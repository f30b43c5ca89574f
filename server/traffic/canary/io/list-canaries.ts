// GET /api/canaries?namespaces=…: the runs of those namespaces from the one cluster-wide LIST the runner makes too.
import type { CanaryRunsResponse } from '../../../../lib/api/canary.js';
import type { CanaryStore } from './canary-store.js';

export async function listCanaries(
  store: CanaryStore,
  namespaces: readonly string[],
  signal?: AbortSignal,
): Promise<CanaryRunsResponse> {
  const wanted = new Set(namespaces);
  const { runs, errors } = await store.list(signal);
  return {
    runs: runs
      .filter((s) => wanted.has(s.run.service.namespace))
      .map(({ run }) => ({
        namespace: run.service.namespace,
        service: run.service.name,
        canary: run.spec.canary,
        baseline: run.spec.baseline,
        phase: run.phase,
        weight: run.weight,
        updatedAt: run.updatedAt,
      }))
      .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.service.localeCompare(b.service)),
    errors: errors.filter((e) => wanted.has(e.namespace)),
  };
}
