// The objects the "Istio config that applies" is matched against (server/mesh/config-reach.ts): the cached Istio kinds
// that select workloads or name hosts, and the kinds the cache does not watch (Telemetry, WasmPlugin, Gateway API
// routes), listed from the API at most every LISTED_TTL_MS per cluster (shared by the detail requests meanwhile: a page's polling and the pod pages
// of one workload need not list them again), so an object of these kinds shows up within that time. A kind the
// cluster does not serve (no CRD: 404) or Sextant may not read (403) contributes nothing.
import { KubernetesError, RefusedError } from '../../errors.js';
import type { KubernetesSource, KubeObject } from '../../sources/kubernetes.js';

const CACHED = [
  'AuthorizationPolicy',
  'PeerAuthentication',
  'RequestAuthentication',
  'Sidecar',
  'EnvoyFilter',
  'ServiceEntry',
  'Gateway',
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

export const LISTED_TTL_MS = 10_000;

type Listing = { until: number; items: Promise<KubeObject[]> };
const listings = new WeakMap<KubernetesSource, Map<string, Listing>>();

async function listUncached(kubernetes: KubernetesSource, kind: string, paths: string[]): Promise<KubeObject[]> {
  for (const path of paths) {
    let list: { items?: KubeObject[] } | null;
    try {
      list = (await kubernetes.getJson(path)) as typeof list;
    } catch (err) {
      // Sextant's user, or the person it acts for (RefusedError 403), may not read this kind cluster-wide: the rest
      // of the page does not depend on it, and what they may not list is not theirs to be shown.
      if (err instanceof KubernetesError && err.reason === 'rejected') return [];
      if (err instanceof RefusedError && err.status === 403) return [];
      throw err;
    }
    // Items of a list carry no kind; the matcher reads it.
    if (list) return (list.items ?? []).map((item) => ({ ...item, kind }));
  }
  return [];
}

/** The listing of one kind, from the last LISTED_TTL_MS or a new one; a failed listing is not kept. */
function listing(kubernetes: KubernetesSource, kind: string, paths: string[], now: number): Promise<KubeObject[]> {
  let byKind = listings.get(kubernetes);
  if (!byKind) listings.set(kubernetes, (byKind = new Map()));
  const kept = byKind.get(kind);
  if (kept && kept.until > now) return kept.items;
  const items = listUncached(kubernetes, kind, paths);
  const entry = { until: now + LISTED_TTL_MS, items };
  byKind.set(kind, entry);
  items.catch(() => {
    if (byKind.get(kind) === entry) byKind.delete(kind);
  });
  return items;
}

export async function loadAppliedConfigObjects(
  kubernetes: KubernetesSource,
  signal?: AbortSignal,
  now = Date.now(),
): Promise<KubeObject[]> {
  const cached = CACHED.flatMap((kind) => kubernetes.list(kind).map((o) => (o.kind ? o : { ...o, kind })));
  // Shared listings are not cancelled with one request; the request itself stops waiting when it is.
  const listed = await Promise.all(LISTED.map((l) => abortable(listing(kubernetes, l.kind, l.paths, now), signal)));
  return [...cached, ...listed.flat()];
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
