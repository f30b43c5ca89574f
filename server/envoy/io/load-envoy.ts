// The Envoy tab's I/O: finds the pod (404 when it is gone, a "no sidecar" refusal when it runs no istio-proxy), reads
// its admin answers through the Kubernetes API's pods/proxy in parallel, and hands them to the pure parsers. A parsed
// proxy is kept a few seconds, so paging, sorting and filtering a table of thousands of rows reads the dump once.
import type {
  EnvoyDiffResponse,
  EnvoyRow,
  EnvoySection,
  EnvoySectionQuery,
  EnvoySectionResponse,
} from '../../../lib/api/envoy.js';
import { InputError, NotFoundError, RefusedError } from '../../errors.js';
import { podHasSidecar } from '../../mesh/pod-facts.js';
import { allowedAdminPath } from '../../sources/envoy-admin-paths.js';
import { ENVOY_ADMIN_PORT, type EnvoyConfigDump, type EnvoySource } from '../../sources/envoy.js';
import type { KubeObject } from '../../sources/kubernetes.js';
import type { Sources } from '../../sources/sources.js';
import { CLUSTER_STATS_FILTER } from '../cluster-status.js';
import { diffDumps } from '../envoy-diff.js';
import { parseDump, parseSection } from '../parse-dump.js';
import { pageOf, searchText, type Table } from '../table.js';
import { WalkableWeakMap } from '../../walkable-weak-map.js';

const KEEP_MS = 5_000;
const KEEP_PROXIES = 8;

interface Kept {
  atMs: number;
  dump: Promise<EnvoyConfigDump>;
  /** /clusters and the cluster /stats: read only for the Clusters table (megabytes on a big mesh). */
  live?: Promise<{ clusters: unknown; stats: string }>;
  tables: Map<EnvoySection, Promise<{ table: Table<EnvoyRow>; texts?: string[] }>>;
}
// Per Envoy source (one per cluster configuration), so two sets of sources never share a proxy's answers.
const keptBySource = new WalkableWeakMap<EnvoySource, Map<string, Kept>>();

/** The proxies whose answers are kept, for /metrics. */
export function envoyProxiesHeld(): number {
  let proxies = 0;
  for (const kept of keptBySource.values()) proxies += kept.size;
  return proxies;
}

/** The pod, from the watch cache or else the API; NotFoundError when it does not exist. */
async function findPod(sources: Sources, namespace: string, pod: string, signal?: AbortSignal): Promise<KubeObject> {
  const found =
    sources.kubernetes.get('Pod', namespace, pod) ??
    (await sources.kubernetes.getObject('Pod', namespace, pod, { signal }));
  if (!found) throw new NotFoundError(`pod ${pod} does not exist in namespace ${namespace}`);
  return found;
}

/** The pod when it runs an Envoy to ask (a sidecar or a gateway's istio-proxy); a 409 `no_sidecar` otherwise. */
async function requireProxyPod(
  sources: Sources,
  namespace: string,
  pod: string,
  signal?: AbortSignal,
): Promise<KubeObject> {
  const found = await findPod(sources, namespace, pod, signal);
  if (!podHasSidecar(found))
    throw new RefusedError(
      409,
      'no_sidecar',
      `pod ${pod} in ${namespace} runs no istio-proxy sidecar, so it has no Envoy configuration to show; ` +
        `injection is off for its namespace or the pod opts out (sidecar.istio.io/inject: "false")`,
    );
  return found;
}

/** The proxy's answers, kept a few seconds (shared by the requests of that time, so not cancelled by one of them). */
function keptProxy(sources: Sources, namespace: string, pod: string): Kept {
  let kept = keptBySource.get(sources.envoy);
  if (!kept) keptBySource.set(sources.envoy, (kept = new Map()));
  const key = `${namespace}/${pod}`;
  const now = Date.now();
  const hit = kept.get(key);
  if (hit && now - hit.atMs < KEEP_MS) return hit;
  const entry: Kept = { atMs: now, dump: sources.envoy.configDump({ namespace, pod }), tables: new Map() };
  entry.dump.catch(() => kept.get(key) === entry && kept.delete(key)); // a failure is not kept: a retry asks again
  kept.delete(key);
  kept.set(key, entry);
  while (kept.size > KEEP_PROXIES) kept.delete(kept.keys().next().value!);
  return entry;
}

function liveOf(sources: Sources, entry: Kept, target: { namespace: string; pod: string }) {
  if (!entry.live) {
    const live = Promise.all([
      sources.envoy.clusters(target),
      sources.envoy.stats(target, { filter: CLUSTER_STATS_FILTER }),
    ]).then(([clusters, stats]) => ({ clusters, stats }));
    live.catch(() => entry.live === live && (entry.live = undefined));
    entry.live = live;
  }
  return entry.live;
}

function tableOf(sources: Sources, target: { namespace: string; pod: string }, section: EnvoySection) {
  const entry = keptProxy(sources, target.namespace, target.pod);
  let table = entry.tables.get(section);
  if (!table) {
    table = (async () => {
      const [configDump, live] = await Promise.all([
        entry.dump,
        section === 'clusters' ? liveOf(sources, entry, target) : undefined,
      ]);
      return { table: parseSection({ configDump, ...live }, section, Date.now()) };
    })();
    table.catch(() => entry.tables.get(section) === table && entry.tables.delete(section));
    entry.tables.set(section, table);
  }
  return table;
}

export async function loadEnvoySection(
  sources: Sources,
  target: { namespace: string; pod: string; section: EnvoySection },
  query: EnvoySectionQuery,
  signal?: AbortSignal,
): Promise<EnvoySectionResponse> {
  await requireProxyPod(sources, target.namespace, target.pod, signal);
  const kept = await tableOf(sources, target, target.section);
  // The text each row is searched by, computed on the first filter and kept with the table.
  if (query.filter.trim()) kept.texts ??= kept.table.rows.map(searchText);
  const page = pageOf<unknown>(kept.table, query, kept.texts);
  return { section: target.section, pod: target.pod, ...page } as EnvoySectionResponse;
}

/** A Deployment's pods share the ReplicaSet's name less its pod-template-hash; other owners their own name. */
function workloadOf(pod: KubeObject): string {
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller) ?? pod.metadata.ownerReferences?.[0];
  if (!owner) return `Pod/${pod.metadata.name}`;
  const hash = pod.metadata.labels?.['pod-template-hash'];
  if (owner.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`))
    return `Deployment/${owner.name.slice(0, -hash.length - 1)}`;
  return `${owner.kind}/${owner.name}`;
}

export async function loadEnvoyDiff(
  sources: Sources,
  target: { namespace: string; pod: string; with: string },
  signal?: AbortSignal,
): Promise<EnvoyDiffResponse> {
  if (target.with === target.pod) throw new InputError('with: name another pod of the workload to compare with');
  const [a, b] = await Promise.all([
    requireProxyPod(sources, target.namespace, target.pod, signal),
    requireProxyPod(sources, target.namespace, target.with, signal),
  ]);
  if (workloadOf(a) !== workloadOf(b))
    throw new InputError(
      `with: ${target.with} belongs to ${workloadOf(b)}, not ${workloadOf(a)}; compare two pods of the same workload`,
    );
  const [here, there] = await Promise.all([
    keptProxy(sources, target.namespace, target.pod).dump,
    keptProxy(sources, target.namespace, target.with).dump,
  ]);
  const now = Date.now();
  return {
    pod: target.pod,
    with: target.with,
    sections: diffDumps(parseDump({ configDump: here }, now), parseDump({ configDump: there }, now)),
  };
}

/**
 * The read-only admin passthrough. The port and path are checked before anything else, pod lookups included, so a
 * refused request costs nothing and reaches nobody; the source checks the path again on its way out.
 */
export async function loadEnvoyAdmin(
  sources: () => Promise<Sources>,
  target: { namespace: string; pod: string; path: string; port: string },
  signal?: AbortSignal,
): Promise<{ pod: string; path: string; body: string }> {
  if (target.port !== String(ENVOY_ADMIN_PORT))
    throw new RefusedError(
      403,
      'envoy_port_refused',
      `port ${JSON.stringify(target.port.slice(0, 20))} is refused: Sextant reaches only Envoy admin on ${ENVOY_ADMIN_PORT}`,
    );
  const path = allowedAdminPath(target.path);
  const s = await sources();
  await requireProxyPod(s, target.namespace, target.pod, signal);
  const body = await s.envoy.adminText({ namespace: target.namespace, pod: target.pod }, path, { signal });
  return { pod: target.pod, path, body };
}
