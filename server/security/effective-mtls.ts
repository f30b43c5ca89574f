// The PeerAuthentication mode in force on a workload, per port, as Istio composes it (istio/istio pilot/pkg/model/
// authentication.go ComposePeerAuthentication; istio.io reference/config/security/peer_authentication): the mesh's
// policy (root namespace, no selector), then the namespace's (no selector), then the workload's (a selector matching
// it), each overriding the one before unless its mode is UNSET; the workload's portLevelMtls overrides its mode for
// that port. Of several policies at one level the oldest wins (creationTimestamp, then name). Nothing at all:
// PERMISSIVE. The caller says which of the policies reach the workload (config-reach.ts, the one matcher).
import type { MtlsMode, MtlsPort, MtlsStatus, PolicyRef } from '../../lib/api/security.js';
import type { KubeObject } from '../sources/kubernetes.js';
import { obj, str } from '../validation/util.js';

export type PolicyLevel = 'mesh' | 'namespace' | 'workload';

export interface LevelledPolicy {
  object: KubeObject;
  level: PolicyLevel;
}

const MODES = new Set(['STRICT', 'PERMISSIVE', 'DISABLE']);
const modeOf = (v: unknown): MtlsMode | null => {
  const mode = str(obj(v)['mode']);
  return mode && MODES.has(mode) ? (mode as MtlsMode) : null; // UNSET or absent: inherit
};

const refOf = (o: KubeObject): PolicyRef => ({
  kind: 'PeerAuthentication',
  namespace: o.metadata.namespace ?? '',
  name: o.metadata.name,
});

const oldestFirst = (a: KubeObject, b: KubeObject) =>
  (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
  a.metadata.name.localeCompare(b.metadata.name);

/**
 * The workload-wide mode first (port null), then each of the workload's ports (`workloadPorts`, its containers'),
 * with its own setting or the workload-wide one, and any other port a portLevelMtls names.
 */
export function effectiveMtls(policies: readonly LevelledPolicy[], workloadPorts: readonly number[] = []): MtlsPort[] {
  let current: MtlsPort = { port: null, mode: 'PERMISSIVE', level: 'default', policy: null };
  let workloadPolicy: KubeObject | null = null;
  for (const level of ['mesh', 'namespace', 'workload'] as const) {
    const chosen = policies
      .filter((p) => p.level === level)
      .map((p) => p.object)
      .sort(oldestFirst)[0];
    if (!chosen) continue;
    if (level === 'workload') workloadPolicy = chosen;
    const mode = modeOf(obj(chosen.spec)['mtls']);
    if (mode) current = { port: null, mode, level, policy: refOf(chosen) };
  }
  const byPort = new Map<number, MtlsPort>(workloadPorts.map((port) => [port, { ...current, port }]));
  // Port-level settings count only on a policy with a selector (Istio ignores them elsewhere).
  if (workloadPolicy)
    for (const [port, setting] of Object.entries(obj(obj(workloadPolicy.spec)['portLevelMtls']))) {
      const mode = modeOf(setting);
      const n = Number(port);
      if (mode && Number.isInteger(n)) byPort.set(n, { port: n, mode, level: 'port', policy: refOf(workloadPolicy) });
    }
  return [current, ...[...byPort.values()].sort((a, b) => a.port! - b.port!)];
}

export interface ObservedSecurity {
  mutualTlsRps: number;
  plaintextRps: number;
  plaintextCallers: string[];
}

const percent = (share: number) => `${Math.round(share * 100)} %`;

/** The mTLS part of the answer: never "strict" for a workload without a sidecar, which enforces nothing. */
export function mtlsStatus(input: {
  ports: MtlsPort[];
  sidecars: { withSidecar: number; pods: number };
  observed: ObservedSecurity | null;
  /** An ingress or egress gateway: PeerAuthentication does not configure its listeners (its Gateway's tls does). */
  gateway?: boolean;
}): MtlsStatus {
  const { ports, sidecars, observed } = input;
  const sidecar = sidecars.withSidecar === 0 ? 'none' : sidecars.withSidecar < sidecars.pods ? 'some' : 'all';
  const total = observed ? observed.mutualTlsRps + observed.plaintextRps : 0;
  const share = observed && total > 0 ? observed.mutualTlsRps / total : null;
  const mode = ports[0]!;
  // The ports set apart from the workload-wide mode are named.
  const byPort = ports
    .slice(1)
    .filter((p) => p.level === 'port')
    .map((p) => `port ${p.port}: ${p.mode}`);
  const modeWords = `${mode.mode}${byPort.length > 0 ? ` (${byPort.join(', ')})` : ''}`;
  const plain =
    observed && observed.plaintextCallers.length > 0 ? ` (plaintext from ${observed.plaintextCallers.join(', ')})` : '';
  const seen = share === null ? 'no inbound requests seen' : `${percent(share)} of inbound requests over mTLS${plain}`;
  const summary = input.gateway
    ? "A gateway: its listeners' TLS comes from its Gateway resources, not from PeerAuthentication, and Istio's metrics do not say how its callers connected"
    : sidecar === 'none'
      ? `No sidecar: nothing is enforced, whatever the PeerAuthentication says (it would be ${modeWords}); ${seen}`
      : sidecar === 'some'
        ? `mTLS ${modeWords} on the ${sidecars.withSidecar} of ${sidecars.pods} pods with a sidecar, not enforced on the others; ${seen}`
        : `mTLS ${modeWords}; ${seen}`;
  return {
    sidecar,
    ports,
    observed: observed ? { ...observed, mutualTlsShare: share } : null,
    summary,
    gateway: input.gateway === true,
  };
}
