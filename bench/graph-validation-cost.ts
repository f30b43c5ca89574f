// What validation costs a graph request: the live validator brought up to date over the watch cache, then its
// findings summed by host and workload for the badges. Timed on a snapshot of the mesh's objects, as the console's
// watch cache would hold them: cold (the first request), after a pod's status changed (the cache moved but no finding
// did: the usual case on a live mesh) and with nothing changed.
import { ISTIO_KINDS, type IstioKind } from '../lib/istio-kinds.js';
import { createGraphFindings, sumFindings } from '../server/graph/graph-findings.js';
import type { KubeObject, KubernetesSource } from '../server/sources/kubernetes.js';
import { CORE_KINDS, type CachedKind } from '../server/sources/watched-kinds.js';
import { createLiveValidators } from '../server/validation/io/live-validator.js';

const round1 = (ms: number) => +ms.toFixed(1);

export function validationCost(list: (kind: CachedKind) => readonly KubeObject[]): Record<string, number> {
  const lists = new Map<CachedKind, KubeObject[]>(
    [...CORE_KINDS, ...ISTIO_KINDS].map((kind) => [kind, [...list(kind)]]),
  );
  let changes = 1;
  // Only what the live validator reads of a Kubernetes source.
  const source = {
    get shared() {
      return source;
    },
    changes: () => changes,
    list: (kind: CachedKind) => lists.get(kind) ?? [],
    istioKinds: () =>
      ISTIO_KINDS.map((kind: IstioKind) => ({ kind, apiVersion: 'networking.istio.io/v1', resource: '' })),
  } as unknown as KubernetesSource;
  const validators = createLiveValidators();
  const sums = createGraphFindings();
  const request = () => {
    const t = performance.now();
    sums.of(validators.validatorOf(source));
    return performance.now() - t;
  };
  const coldMs = request();
  const pods = lists.get('Pod')!;
  const changed: number[] = [];
  const unchanged: number[] = [];
  for (let i = 0; i < 5; i++) {
    // A pod's status update: a new resourceVersion, the same findings.
    const pod = pods[i]!;
    pods[i] = { ...pod, metadata: { ...pod.metadata, resourceVersion: `bench-${i}` } };
    changes++;
    changed.push(request());
    unchanged.push(request());
  }
  const validator = validators.validatorOf(source);
  const t = performance.now();
  sumFindings(validator);
  const sumMs = performance.now() - t;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    validatedObjects: validator.index.entries.size,
    validationColdMs: Math.round(coldMs),
    // What summing the findings alone costs: what every request after a change paid before the sums were kept.
    validationSumMs: round1(sumMs),
    validationAfterPodChangeMs: round1(median(changed)),
    validationUnchangedMs: round1(median(unchanged)),
  };
}
