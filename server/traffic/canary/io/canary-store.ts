// The runs' records in the cluster: ConfigMap sextant-canary-<service> beside the service (run-record.ts says what it
// holds). Reads are fresh GETs and LISTs, not the watch cache: a step decides on the run as stored, and its write
// names the resourceVersion it read, so two writers (a runner and a person's action, two replicas) never overwrite
// each other: the second gets 409 and reads again.
import type { CanaryRun } from '../../../../lib/api/canary.js';
import { RefusedError } from '../../../errors.js';
import type { KubeObject, KubernetesSource } from '../../../sources/kubernetes.js';
import { KubernetesConflictError, type KubernetesWrites } from '../../../sources/kubernetes-writes.js';
import { CANARY_RUN_LABEL, canaryConfigMapName, runFromConfigMap, runToConfigMap } from '../run-record.js';

export interface StoredRun {
  run: CanaryRun;
  lastToken: string | null;
  /** The ConfigMap's resourceVersion as read: an update must name it. */
  resourceVersion: string;
}

export interface CanaryStore {
  /** The service's run; null when it never had one. A ConfigMap that does not hold a run is an error naming it. */
  read(service: { namespace: string; name: string }, signal?: AbortSignal): Promise<StoredRun | null>;
  /** A new record; 409 (RefusedError) when the service's ConfigMap exists already (another start won the race). */
  create(run: CanaryRun, lastToken: string | null, signal?: AbortSignal): Promise<StoredRun>;
  /** Replaces the record read at `resourceVersion`; a KubernetesConflictError when it changed since. */
  update(run: CanaryRun, lastToken: string | null, resourceVersion: string, signal?: AbortSignal): Promise<StoredRun>;
  /** Every run of the cluster, in one LIST by label; records that do not parse come back as errors. */
  list(signal?: AbortSignal): Promise<{ runs: StoredRun[]; errors: { namespace: string; message: string }[] }>;
}

const configMapPath = (namespace: string, name?: string) =>
  `/api/v1/namespaces/${encodeURIComponent(namespace)}/configmaps${name ? `/${encodeURIComponent(name)}` : ''}`;

function stored(cm: KubeObject): StoredRun | { error: string } {
  const parsed = runFromConfigMap(cm);
  if ('error' in parsed) return parsed;
  return { ...parsed, resourceVersion: cm.metadata.resourceVersion ?? '' };
}

const where = (namespace: string, service: string) => `ConfigMap ${namespace}/${canaryConfigMapName(service)}`;

export function canaryStore(kube: KubernetesSource, writes: KubernetesWrites): CanaryStore {
  const withKind = (cm: KubeObject): KubeObject => ({ ...cm, apiVersion: 'v1', kind: 'ConfigMap' });
  return {
    async read(service, signal) {
      const cm = (await kube.getJson(configMapPath(service.namespace, canaryConfigMapName(service.name)), {
        signal,
      })) as KubeObject | null;
      if (!cm) return null;
      const result = stored(cm);
      if ('error' in result)
        throw new RefusedError(
          409,
          'canary_record_invalid',
          `${where(service.namespace, service.name)} does not hold a canary run Sextant can read (${result.error}); delete it to start a new run`,
        );
      return result;
    },
    async create(run, lastToken, signal) {
      try {
        const cm = await writes.createObject(withKind(runToConfigMap(run, lastToken)), { signal });
        return { run, lastToken, resourceVersion: cm.metadata.resourceVersion ?? '' };
      } catch (err) {
        if (err instanceof KubernetesConflictError)
          throw new RefusedError(
            409,
            'canary_exists',
            `a canary run of ${run.service.name} was started by someone else a moment ago (${where(run.service.namespace, run.service.name)} exists now); look at it before starting another`,
          );
        throw err;
      }
    },
    async update(run, lastToken, resourceVersion, signal) {
      const body = withKind(runToConfigMap(run, lastToken));
      body.metadata = { ...body.metadata, resourceVersion };
      const cm = await writes.updateObject(body, { signal });
      return { run, lastToken, resourceVersion: cm.metadata.resourceVersion ?? '' };
    },
    async list(signal) {
      const selector = encodeURIComponent(CANARY_RUN_LABEL);
      const list = (await kube.getJson(`/api/v1/configmaps?labelSelector=${selector}`, { signal })) as {
        items?: KubeObject[];
      } | null;
      const runs: StoredRun[] = [];
      const errors: { namespace: string; message: string }[] = [];
      for (const cm of list?.items ?? []) {
        const result = stored(cm);
        if ('error' in result)
          errors.push({
            namespace: cm.metadata.namespace ?? '',
            message: `ConfigMap ${cm.metadata.namespace}/${cm.metadata.name} does not hold a canary run Sextant can read: ${result.error}`,
          });
        else runs.push(result);
      }
      return { runs, errors };
    },
  };
}
