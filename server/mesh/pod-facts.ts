// What Istio and Kiali read from pod and namespace labels and policies: app and version, sidecar, ambient, injection, mTLS.
import type { NamespaceSummary } from '../../lib/api/namespaces.js';
import type { KubeObject } from '../sources/kubernetes.js';

type Labels = Record<string, string>;

// Istio's canonical service/revision derivation (pkg/kube/labels): the first label present wins.
const APP_LABELS = ['service.istio.io/canonical-name', 'app.kubernetes.io/name', 'app'];
const VERSION_LABELS = ['service.istio.io/canonical-revision', 'app.kubernetes.io/version', 'version'];

function firstLabel(labels: Labels, keys: string[]): string | null {
  for (const key of keys) {
    const value = labels[key];
    if (value) return value;
  }
  return null;
}

/** The app a workload belongs to, from its labels; null when it has none (Istio would fall back to the workload name). */
export const appOf = (labels: Labels): string | null => firstLabel(labels, APP_LABELS);
export const versionOf = (labels: Labels): string | null => firstLabel(labels, VERSION_LABELS);

/**
 * Is this pod one of the workload's, by its name as the controllers make it: a Deployment's `<name>-<hash>-<5>`,
 * a DaemonSet's or Job's `<name>-<5>`, a StatefulSet's `<name>-<ordinal>`. A prefix alone would give sa-logic the
 * pods of sa-logic-v2.
 */
export function podOfWorkload(pod: string, workload: string): boolean {
  if (!pod.startsWith(`${workload}-`)) return false;
  return /^([a-z0-9]{1,10}-)?[a-z0-9]{5}$|^\d+$/.test(pod.slice(workload.length + 1));
}

interface Container {
  name?: string;
  restartPolicy?: string;
}

/** An istio-proxy container (also as a native sidecar init container) or the injector's status annotation. */
export function podHasSidecar(pod: KubeObject): boolean {
  if (pod.metadata.annotations?.['sidecar.istio.io/status']) return true;
  const spec = pod.spec as { containers?: Container[]; initContainers?: Container[] } | undefined;
  if (spec?.containers?.some((c) => c.name === 'istio-proxy')) return true;
  return spec?.initContainers?.some((c) => c.name === 'istio-proxy' && c.restartPolicy === 'Always') ?? false;
}

/** Captured by ztunnel: the pod or its namespace asks for ambient, and the pod does not opt out. */
export function podIsAmbient(pod: KubeObject, namespace: KubeObject | undefined): boolean {
  const podMode = pod.metadata.labels?.['istio.io/dataplane-mode'];
  if (podMode === 'none') return false;
  if (podMode === 'ambient') return true;
  if (pod.metadata.annotations?.['ambient.istio.io/redirection'] === 'enabled') return true;
  return namespace?.metadata.labels?.['istio.io/dataplane-mode'] === 'ambient';
}

export type Injection = 'enabled' | 'disabled' | 'revision' | 'ambient';

/** The namespace's data-plane setting as Istio reads its labels. */
export function namespaceInjection(namespace: KubeObject | undefined): Injection {
  const labels = namespace?.metadata.labels ?? {};
  if (labels['istio.io/dataplane-mode'] === 'ambient') return 'ambient';
  // istio-injection wins over istio.io/rev when both are set (the injector's namespace selector).
  if (labels['istio-injection'] === 'enabled') return 'enabled';
  if (labels['istio-injection'] === 'disabled') return 'disabled';
  if (labels['istio.io/rev']) return 'revision';
  return 'disabled';
}

/** A gateway deployment: Istio's gateway labels or a Gateway API managed gateway. */
export function isGatewayLabels(labels: Labels): boolean {
  return (
    labels['istio'] === 'ingressgateway' ||
    labels['istio'] === 'egressgateway' ||
    labels['gateway.networking.k8s.io/gateway-name'] !== undefined ||
    labels['istio.io/gateway-name'] !== undefined
  );
}

interface PodCondition {
  type: string;
  status: string;
}

/** Running or pending, not finished and not being deleted. */
export function podIsCurrent(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return !pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}

export function podIsReady(pod: KubeObject): boolean {
  const conditions = (pod.status as { conditions?: PodCondition[] } | undefined)?.conditions ?? [];
  return podIsCurrent(pod) && conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Every label of `selector` present with the same value (an empty selector selects nothing, as for Services). */
export function selects(selector: Labels | null | undefined, labels: Labels): boolean {
  if (!selector) return false;
  const entries = Object.entries(selector);
  if (entries.length === 0) return false;
  for (const [k, v] of entries) if (labels[k] !== v) return false;
  return true;
}

/**
 * Why a workload without a sidecar is fine, or null when it should have one. Kiali warns of a missing sidecar only
 * where one belongs: not on gateways and waypoints (they are Envoy proxies themselves), not on ambient workloads, not
 * in the control plane's namespace (Kiali's isIstioNamespace). Istio's own analyzers also leave out what carries an
 * `istio` label or release=istio (IsIstioControlPlane: istiod is `istio: pilot`), and a pod template that says
 * sidecar.istio.io/inject: "false" chose to run without one.
 */
export function sidecarExemption(
  w: { namespace: string; labels: Labels; isGateway: boolean; ambient: boolean },
  istioNamespace: string,
): string | null {
  if (w.isGateway) return 'gateway proxy';
  if (w.ambient) return 'ambient';
  if (w.namespace === istioNamespace || w.labels['istio'] !== undefined || w.labels['release'] === 'istio')
    return 'control plane';
  if (w.labels['sidecar.istio.io/inject'] === 'false') return 'opted out';
  return null;
}

type MtlsMode = NamespaceSummary['mtls'];
const MTLS_MODES = new Set<string>(['STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET']);

function mtlsModeOf(policies: readonly KubeObject[]): MtlsMode | undefined {
  for (const pa of policies) {
    const spec = pa.spec as { selector?: unknown; mtls?: { mode?: string } } | undefined;
    if (spec?.selector) continue; // a workload-level policy says nothing of the namespace
    const mode = spec?.mtls?.mode ?? 'UNSET';
    if (MTLS_MODES.has(mode)) return mode as MtlsMode;
  }
  return undefined;
}

/** The namespace-wide PeerAuthentication mode, else the mesh-wide one (root namespace), else UNSET. */
export function namespaceMtls(namespacePolicies: readonly KubeObject[], meshPolicies: readonly KubeObject[]): MtlsMode {
  const own = mtlsModeOf(namespacePolicies);
  if (own && own !== 'UNSET') return own;
  return mtlsModeOf(meshPolicies) ?? 'UNSET';
}

/**
 * Whether the namespace's pods have the proxy a PeerAuthentication needs: Istio programs the mode into the server's
 * sidecar (or a gateway's Envoy); a pod without one accepts whatever reaches it, so "STRICT" over it is a setting,
 * not what happens (istio.io, "Mutual TLS Migration": workloads without sidecars receive plaintext).
 */
export function namespaceMtlsProxies(
  workloads: readonly { isGateway: boolean; pods: readonly { hasSidecar: boolean }[] }[],
): NamespaceSummary['mtlsProxies'] {
  let withProxy = 0;
  let without = 0;
  for (const w of workloads)
    for (const pod of w.pods) {
      if (pod.hasSidecar || w.isGateway) withProxy += 1;
      else without += 1;
    }
  if (withProxy === 0 && without === 0) return 'no-pods';
  return without === 0 ? 'all' : withProxy === 0 ? 'none' : 'some';
}
