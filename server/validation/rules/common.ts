// Helpers shared by the rule families: host expansion in the object's namespace, severities that depend on what the
// input can know, mTLS facts, ambient enrolment and injection.
import type { RuleContext } from '../context.js';
import { serviceOfFqdn, toFqdn } from '../hosts.js';
import type { Workload } from '../index.js';
import type { Entry, Severity } from '../types.js';
import { labels, labelsOf, obj, spec, str } from '../util.js';
import { remoteClusterTail } from './remote-clusters.js';

export const fqdnIn = (ctx: RuleContext, host: string, namespace = ctx.entry.namespace) =>
  toFqdn(host, namespace, ctx.mesh.clusterDomain);

/**
 * A missing-namespace finding is certain only when every namespace is known; from files that list no Namespace
 * objects, the namespace may exist elsewhere, so such findings are at most warnings.
 */
export function namespaceSeverity(ctx: RuleContext, severity: Severity): Severity {
  return ctx.namespacesComplete || severity !== 'error' ? severity : 'warning';
}

/**
 * Offline, the files are all Sextant knows. A host whose namespace has no Service among the inputs (the article's
 * istio/ folder without its kube/ one, or a namespace the files say nothing about) may well exist in the cluster, so
 * "not found" is not known: report it as info. Once the input holds Services of that namespace, a name that matches
 * none of them is most likely a typo, and keeps its severity.
 */
export function hostSeverity(ctx: RuleContext, fqdn: string, severity: Severity): Severity {
  if (hostOffline(ctx, fqdn)) return 'info';
  // In a multi-cluster mesh the Service may live in another cluster (remote-clusters.ts): not certain, so at most a
  // warning.
  if (severity === 'error' && remoteClusterTail(ctx, fqdn)) return 'warning';
  return missingSeverity(ctx, severity);
}

const ONE_STEP_LOWER: Record<Severity, Severity> = { error: 'warning', warning: 'info', info: 'info' };

/**
 * Offline (files, not the cluster), an object the files reference but do not hold may exist in the cluster: that is
 * less certain than "does not exist in the cluster", so it is one severity lower (still shown, so typos are caught;
 * `--fail-on warning` fails CI on them). Live, the severity stands.
 */
export function missingSeverity(ctx: RuleContext, severity: Severity): Severity {
  return ctx.offline ? ONE_STEP_LOWER[severity] : severity;
}

/** The offline lead of a missing-reference message: what is not among the inputs, and how to know for sure. */
export const notAmongInputs = (what: string) =>
  `${what} is not among the inputs, so whether it exists in the cluster is not known here (add its manifest, or run with --cluster to check the cluster)`;

function hostOffline(ctx: RuleContext, fqdn: string): 'namespace' | 'services' | undefined {
  if (ctx.namespacesComplete) return undefined;
  const svc = serviceOfFqdn(fqdn, ctx.mesh.clusterDomain);
  if (!svc) return undefined;
  if (!ctx.ix.hasNamespace(svc.namespace)) return 'namespace';
  return ctx.ix.list('Service', svc.namespace).length === 0 ? 'services' : undefined;
}

export const notFoundTail = (ctx: RuleContext, fqdn: string) => {
  const why = hostOffline(ctx, fqdn);
  if (!why)
    return (
      remoteClusterTail(ctx, fqdn) ??
      (ctx.offline
        ? ` Offline, this means only that no Service or ServiceEntry for ${fqdn} is among the inputs; it may exist in the cluster (add its manifest, or run with --cluster to check).`
        : '')
    );
  const ns = serviceOfFqdn(fqdn, ctx.mesh.clusterDomain)!.namespace;
  return why === 'namespace'
    ? ` The input holds nothing from namespace ${ns}, so this cannot be checked offline; run with --cluster or add that namespace's manifests.`
    : ` No Service of namespace ${ns} is among the input files, so this cannot be checked offline; run with --cluster or add that namespace's Service manifests.`;
};

/**
 * Offline, a selector that matches no workload of a namespace that has no workload at all among the inputs says
 * nothing (the Deployments live in other files, or are installed by Istio itself): info rather than warning.
 */
export function workloadsUnknown(ctx: RuleContext, namespace: string): boolean {
  return !ctx.namespacesComplete && ctx.ix.workloadsIn(namespace).length === 0;
}

/**
 * Offline, a gateway in another namespace of which the inputs hold no gateway of these kinds at all is most likely
 * installed apart (istio-ingress, a platform team's namespace): whether it exists cannot be told, so info.
 */
export function gatewaysUnknown(ctx: RuleContext, namespace: string, kinds: readonly string[]): boolean {
  return (
    !ctx.namespacesComplete &&
    namespace !== ctx.entry.namespace &&
    kinds.every((kind) => ctx.ix.list(kind, namespace).length === 0)
  );
}

// Parsed selectors per object: objects are immutable once indexed (a change is a new entry), so a WeakMap is safe.
const selectorCache = new WeakMap<Entry, { labels: Record<string, string>; path: string } | null>();
const serviceSelectorCache = new WeakMap<Entry, Record<string, string>>();

/** `spec.selector.matchLabels` (security kinds, Telemetry, WasmPlugin) or `spec.workloadSelector.labels` (Sidecar, EnvoyFilter). */
export function selectorOf(e: Entry): { labels: Record<string, string>; path: string } | undefined {
  let cached = selectorCache.get(e);
  if (cached === undefined) selectorCache.set(e, (cached = parseSelector(e) ?? null));
  return cached ?? undefined;
}

/** A Service's `spec.selector`. */
export function serviceSelector(svc: Entry): Record<string, string> {
  let cached = serviceSelectorCache.get(svc);
  if (!cached) serviceSelectorCache.set(svc, (cached = labelsOf(obj(spec(svc)['selector']))));
  return cached;
}

function parseSelector(e: Entry): { labels: Record<string, string>; path: string } | undefined {
  const s = spec(e);
  if (e.kind === 'Sidecar' || e.kind === 'EnvoyFilter') {
    const ws = s['workloadSelector'];
    if (ws === undefined) return undefined;
    return { labels: labelsOf(obj(ws)['labels']), path: 'spec.workloadSelector.labels' };
  }
  const sel = s['selector'];
  if (sel === undefined) return undefined;
  return { labels: labelsOf(obj(sel)['matchLabels']), path: 'spec.selector.matchLabels' };
}

export const hasTargetRefs = (e: Entry) => {
  const s = spec(e);
  return s['targetRef'] !== undefined || (Array.isArray(s['targetRefs']) && s['targetRefs'].length > 0);
};

// --- mTLS (PeerAuthentication + DestinationRule), as Kiali computes it ---------------------------------------------

export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET';
export const paMode = (pa: Entry): MtlsMode => {
  const m = str(obj(spec(pa)['mtls'])['mode']);
  return m === 'STRICT' || m === 'PERMISSIVE' || m === 'DISABLE' ? m : 'UNSET';
};
export const drTlsMode = (dr: Entry): string | undefined => str(obj(obj(spec(dr)['trafficPolicy'])['tls'])['mode']);

/** Namespace-wide (no selector) PeerAuthentication of a namespace. */
export function namespacePa(ctx: RuleContext, namespace: string): Entry | undefined {
  return ctx.ix.list('PeerAuthentication', namespace).find((pa) => spec(pa)['selector'] === undefined);
}
export const meshPa = (ctx: RuleContext) => namespacePa(ctx, ctx.mesh.rootNamespace);

export const isMeshWideHost = (h: string) => h === '*.local' || h === '*';
export const isNamespaceWideHost = (h: string, ns: string, domain: string) => h === `*.${ns}.svc.${domain}`;

/** DestinationRules for `*.local` (any namespace). */
export function meshWideDrs(ctx: RuleContext): Entry[] {
  return ctx.ix.wildcard('DestinationRule').filter((dr) => isMeshWideHost(str(spec(dr)['host']) ?? ''));
}
export function namespaceWideDrs(ctx: RuleContext, ns: string): Entry[] {
  return ctx.ix
    .wildcard('DestinationRule')
    .filter(
      (dr) => dr.namespace === ns && isNamespaceWideHost(str(spec(dr)['host']) ?? '', ns, ctx.mesh.clusterDomain),
    );
}

/** Do workloads of `ns` receive mTLS? (autoMtls: unless a PeerAuthentication disables it; else PA and DR must agree.) */
export function namespaceReceivesMtls(ctx: RuleContext, ns: string): boolean {
  const mode =
    [namespacePa(ctx, ns), meshPa(ctx)].map((pa) => (pa ? paMode(pa) : 'UNSET')).find((m) => m !== 'UNSET') ??
    'PERMISSIVE';
  if (ctx.mesh.autoMtls) return mode !== 'DISABLE';
  if (mode === 'DISABLE') return false;
  return [...namespaceWideDrs(ctx, ns), ...meshWideDrs(ctx)].some((dr) => drTlsMode(dr) === 'ISTIO_MUTUAL');
}

// --- Injection and ambient ------------------------------------------------------------------------------------------

export const AMBIENT_LABEL = 'istio.io/dataplane-mode';
export const WAYPOINT_LABEL = 'istio.io/use-waypoint';

export function namespaceLabels(ctx: RuleContext, ns: string): Record<string, string> | undefined {
  const n = ctx.ix.namespaceObject(ns);
  return n ? labels(n) : undefined;
}
export const namespaceAmbient = (ctx: RuleContext, ns: string) =>
  namespaceLabels(ctx, ns)?.[AMBIENT_LABEL] === 'ambient';
export function namespaceInjected(ctx: RuleContext, ns: string): boolean {
  const l = namespaceLabels(ctx, ns);
  return !!l && (l['istio-injection'] === 'enabled' || l['istio.io/rev'] !== undefined);
}
export function podInjected(ctx: RuleContext, w: Workload): boolean {
  const inject = w.labels['sidecar.istio.io/inject'] ?? w.podAnnotations['sidecar.istio.io/inject'];
  if (inject === 'false') return false;
  if (inject === 'true' || w.labels['istio.io/rev'] !== undefined) return true;
  return namespaceInjected(ctx, w.namespace);
}
export const workloadAmbient = (ctx: RuleContext, w: Workload) =>
  w.labels[AMBIENT_LABEL] === 'ambient' || (w.labels[AMBIENT_LABEL] !== 'none' && namespaceAmbient(ctx, w.namespace));
export function inMesh(ctx: RuleContext, w: Workload): boolean {
  return podInjected(ctx, w) || workloadAmbient(ctx, w) || hasSidecarContainer(w);
}
export const hasSidecarContainer = (w: Workload) =>
  [
    ...(Array.isArray(w.podSpec['containers']) ? w.podSpec['containers'] : []),
    ...(Array.isArray(w.podSpec['initContainers']) ? w.podSpec['initContainers'] : []),
  ].some((c) => obj(c)['name'] === 'istio-proxy');

/** Waypoint enrolment of a namespace or Service (`istio.io/use-waypoint`, `none` opts out). */
export function waypointOf(l: Record<string, string> | undefined): string | undefined {
  const w = l?.[WAYPOINT_LABEL];
  return w && w !== 'none' ? w : undefined;
}

/** Services whose selector selects this workload (same namespace). */
export function servicesSelecting(ctx: RuleContext, w: Workload): Entry[] {
  return ctx.ix.list('Service', w.namespace).filter((svc) => {
    const sel = serviceSelector(svc);
    let any = false;
    for (const k in sel) {
      if (w.labels[k] !== sel[k]) return false;
      any = true;
    }
    return any;
  });
}

/** Is this object a controller's own pod or ReplicaSet (so the owner is checked instead)? */
export const ownedByController = (e: Entry) =>
  Array.isArray(e.object.metadata?.['ownerReferences']) &&
  (e.object.metadata['ownerReferences'] as unknown[]).length > 0;

export const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);
