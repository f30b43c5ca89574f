// The console's probes, from the state of its sources (no I/O): /healthz says it is alive and configured, /readyz
// whether every cluster's watch cache has listed what it may list, in the manner of the Kubernetes API server's
// /readyz (kubernetes.io/docs/reference/using-api/health-checks): named checks, each ok or failed with why, and the
// HTTP status a probe reads.
import type { Healthz } from '../lib/api/healthz.js';
import type { Readyz, ReadyzCheck } from '../lib/api/readyz.js';
import { ConfigError, SourceError } from './errors.js';
import type { KubernetesSource } from './sources/kubernetes.js';

type ProbedCluster = Pick<KubernetesSource, 'cluster' | 'unsynced' | 'problems'>;

interface ProbedSources {
  clusters: ReadonlyMap<string, ProbedCluster>;
  prometheus: unknown;
  jaeger: unknown;
}

// The Kubernetes API server's names for the same two checks: its configuration, and its informers' first list.
const CONFIG = 'config';
const INFORMER_SYNC = 'informer-sync';

export function healthzOf(sources: ProbedSources): Healthz {
  return {
    status: 'ok',
    clusters: [...sources.clusters.values()].map((k) => ({
      cluster: k.cluster,
      problems: k.problems().map((p) => p.message),
    })),
    prometheus: sources.prometheus !== null,
    jaeger: sources.jaeger !== null,
  };
}

/** Ready once every cluster's cache has listed each kind once (kinds the API refuses do not hold it back). */
export function readyzOf(sources: Pick<ProbedSources, 'clusters'>): Readyz {
  const notSynced = [...sources.clusters.values()]
    .map((k) => ({ cluster: k.cluster, resources: k.unsynced() }))
    .filter((c) => c.resources.length > 0);
  const sync: ReadyzCheck =
    notSynced.length === 0
      ? { name: INFORMER_SYNC, ok: true }
      : {
          name: INFORMER_SYNC,
          ok: false,
          message: notSynced.map((c) => `cluster ${c.cluster} has not listed ${c.resources.join(', ')} yet`).join('; '),
        };
  return { status: sync.ok ? 'ready' : 'not ready', checks: [{ name: CONFIG, ok: true }, sync], notSynced };
}

/** Not ready because the sources could not be created (the configuration or the kubeconfig); other errors are bugs. */
export function unstartable(err: unknown): Readyz {
  if (!(err instanceof ConfigError) && !(err instanceof SourceError)) throw err;
  return {
    status: 'not ready',
    checks: [
      { name: CONFIG, ok: false, message: err.message },
      { name: INFORMER_SYNC, ok: false, message: 'no cluster to watch until the configuration is fixed' },
    ],
    notSynced: [],
  };
}

/** 503 while not ready: a probe takes any status from 400 up as a failure. */
export const readyzStatus = (readyz: Readyz): number => (readyz.status === 'ready' ? 200 : 503);
