// The mutual TLS mode a workload's inbound listener enforces, composed from the PeerAuthentications that apply to it as
// istiod composes them (istio/istio pilot/pkg/security/authn/policy_applier.go, ComposePeerAuthentication; istio.io
// "Authentication policy": "workload-specific policy takes precedence over namespace-wide, which takes precedence
// over mesh-wide"; "if there is more than one ... the oldest one wins").

import type { KubeObject } from '../store/kube-object.js';
import { hasNoSelector, oldestFirst, policyApplies, ROOT_NAMESPACE, type WorkloadFacts } from './policy-selection.js';

export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

export interface EffectivePeerAuthentication {
  mode: MtlsMode;
  /** portLevelMtls of the workload policy, by the port the workload itself listens on (the container port). */
  ports: ReadonlyMap<number, MtlsMode>;
}

interface MutualTls {
  mode?: string;
}

const NO_PORTS: ReadonlyMap<number, MtlsMode> = new Map();

/**
 * Mesh-wide (root namespace, no selector), then namespace-wide (no selector), then the workload's own (a selector, not
 * in the root namespace: istiod skips a selector policy in the root namespace altogether, "aka the one with selector
 * and not in root namespace"), each overriding the one before unless its mode is UNSET. At each level
 * the oldest policy wins. Nothing at all: PERMISSIVE. portLevelMtls counts only on the workload policy, and a port
 * whose mode is UNSET takes the workload's.
 */
export function composePeerAuthentication(
  policies: readonly KubeObject[],
  workload: WorkloadFacts,
  rootNamespace = ROOT_NAMESPACE,
): EffectivePeerAuthentication {
  let mesh: KubeObject | undefined;
  let namespaceWide: KubeObject | undefined;
  let own: KubeObject | undefined;
  const older = (a: KubeObject, b: KubeObject | undefined) => b === undefined || oldestFirst(a, b) < 0;
  for (const policy of policies) {
    if (!policyApplies(policy, workload, rootNamespace)) continue;
    if (hasNoSelector(policy)) {
      if (policy.metadata.namespace === rootNamespace) {
        if (older(policy, mesh)) mesh = policy;
      } else if (older(policy, namespaceWide)) namespaceWide = policy;
    } else if (policy.metadata.namespace !== rootNamespace) {
      if (older(policy, own)) own = policy;
    }
  }
  let mode: MtlsMode = 'PERMISSIVE';
  for (const level of [mesh, namespaceWide, own]) mode = modeOf(level?.spec?.mtls as MutualTls | undefined) ?? mode;
  const portLevel = own?.spec?.portLevelMtls as Record<string, MutualTls> | undefined;
  if (!portLevel) return { mode, ports: NO_PORTS };
  const ports = new Map<number, MtlsMode>();
  for (const [port, mtls] of Object.entries(portLevel)) {
    const number = Number(port);
    if (Number.isInteger(number)) ports.set(number, modeOf(mtls) ?? mode);
  }
  return { mode, ports };
}

/** The mode enforced on one of the workload's ports (its container port, not the Service port). */
export function mtlsModeAt(effective: EffectivePeerAuthentication, targetPort: number | undefined): MtlsMode {
  return (targetPort !== undefined ? effective.ports.get(targetPort) : undefined) ?? effective.mode;
}

/** A set mode, or undefined for UNSET or no mtls block (inherit from the level above). */
function modeOf(mtls: MutualTls | undefined): MtlsMode | undefined {
  const mode = mtls?.mode;
  return mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE' ? mode : undefined;
}
