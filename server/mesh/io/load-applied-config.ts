// The objects the "Istio config that applies" is matched against: the cached Istio kinds that select workloads or
// name hosts, and the kinds the cache does not watch (Telemetry, WasmPlugin, Gateway API routes), listed from the API
// once per detail request. A kind the cluster does not serve (no CRD: 404) simply contributes nothing.
import { KubernetesError } from '../../errors.js';
import type { KubernetesSource, KubeObject } from '../../sources/kubernetes.js';

const CACHED = [
  'AuthorizationPolicy',
  'PeerAuthentication',
  'RequestAuthentication',
  'Sidecar',
  'EnvoyFilter',
  'ServiceEntry',
] as const;

// Listed on demand, newest served version first.
const LISTED: { kind: string; paths: string[] }[] = [
  {
    kind: 'Telemetry',
    paths: ['/apis/telemetry.istio.io/v1/telemetries', '/apis/telemetry.istio.io/v1alpha1/telemetries'],
  },
  { kind: 'WasmPlugin', paths: ['/apis/extensions.istio.io/v1alpha1/wasmplugins'] },
  { kind: 'HTTPRoute', paths: ['/apis/gateway.networking.k8s.io/v1/httproutes'] },
  { kind: 'GRPCRoute', paths: ['/apis/gateway.networking.k8s.io/v1/grpcroutes'] },
];

async function listUncached(
  kubernetes: KubernetesSource,
  kind: string,
  paths: string[],
  signal?: AbortSignal,
): Promise<KubeObject[]> {
  for (const path of paths) {
    let list: { items?: KubeObject[] } | null;
    try {
      list = (await kubernetes.getJson(path, { signal })) as typeof list;
    } catch (err) {
      // Sextant's user may not read this kind (403): the rest of the page does not depend on it.
      if (err instanceof KubernetesError && err.reason === 'rejected') return [];
      throw err;
    }
    // Items of a list carry no kind; the matcher reads it.
    if (list) return (list.items ?? []).map((item) => ({ ...item, kind }));
  }
  return [];
}

export async function loadAppliedConfigObjects(
  kubernetes: KubernetesSource,
  signal?: AbortSignal,
): Promise<KubeObject[]> {
  const cached = CACHED.flatMap((kind) => kubernetes.list(kind).map((o) => (o.kind ? o : { ...o, kind })));
  const listed = await Promise.all(LISTED.map((l) => listUncached(kubernetes, l.kind, l.paths, signal)));
  return [...cached, ...listed.flat()];
}
