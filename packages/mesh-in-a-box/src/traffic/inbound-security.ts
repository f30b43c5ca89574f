// The traffic model's view of Istio security: which mTLS mode a server port enforces, and what a server sidecar or
// the ingress gateway answers when its jwt_authn and RBAC filters refuse a request. The policies in force on each
// pod come from the security index, rebuilt with the mesh index; the Envoy stats they move go to SecurityStats.

import { GATEWAY_LISTENER_PORT, OUTSIDE_CLIENT_IP } from '../telemetry/access-log-addresses.js';
import {
  checkInbound,
  mtlsModeAt,
  NO_JWKS,
  sameInputs,
  SecurityIndex,
  securityInputs,
  type InboundVerdict,
  type JwksOf,
  type MtlsMode,
  type SecurityStats,
  type WorkloadSecurity,
} from '../security/index.js';
import type { ObjectStore } from '../store/object-store.js';
import type { Protocol, WorkloadRef } from './hop.js';
import type { MeshPod } from './mesh-index.js';

export interface InboundRequest {
  method: string;
  path: string;
  authority: string;
  headers: Record<string, string>;
  protocol: Protocol;
}

export class InboundSecurity {
  private index: SecurityIndex;

  constructor(
    private readonly store: ObjectStore,
    private readonly jwksOf: JwksOf = NO_JWKS,
    private readonly stats?: SecurityStats,
  ) {
    this.index = new SecurityIndex(store);
  }

  /**
   * Called when the mesh index is rebuilt. Most rebuilds follow pod and endpoint changes: the policies in force on
   * each pod stay cached unless a policy or the mesh config changed (a changed pod is a new object, so its own entry
   * is recomputed anyway).
   */
  rebuild(): void {
    if (sameInputs(securityInputs(this.store), this.index.inputs)) return;
    this.index = new SecurityIndex(this.store);
  }

  /** The mTLS mode the pod's inbound listener enforces on a container port. */
  mtlsMode(pod: MeshPod, targetPort: number | undefined): MtlsMode {
    if (this.index.empty) return 'PERMISSIVE';
    return mtlsModeAt(this.securityOf(pod).peer, targetPort);
  }

  /** A plaintext connection to a STRICT port: the server proxy closes it and counts it. */
  refusesPlaintext(pod: MeshPod, targetPort: number | undefined): boolean {
    if (!pod.ref.hasSidecar || this.mtlsMode(pod, targetPort) !== 'STRICT') return false;
    this.stats?.refused(pod.ref);
    return true;
  }

  /**
   * A server sidecar's filters on one request. `source` is the caller's pod; its identity is known only over mutual
   * TLS (the peer certificate), its address always.
   */
  checkSidecar(input: {
    pod: MeshPod;
    request: InboundRequest;
    source: WorkloadRef | undefined;
    mtls: boolean;
    targetPort: number;
    nowMs: number;
  }): InboundVerdict | undefined {
    const { pod, request, source } = input;
    if (!pod.ref.hasSidecar || request.protocol === 'tcp' || this.index.empty) return undefined;
    const security = this.securityOf(pod);
    if (security.open) return undefined;
    const peer =
      input.mtls && source
        ? { principal: `cluster.local/ns/${source.namespace}/sa/${source.serviceAccount}`, namespace: source.namespace }
        : undefined;
    const verdict = checkInbound({
      security,
      request: {
        method: request.method,
        path: request.path,
        host: request.authority,
        port: input.targetPort,
        headers: request.headers,
        sourceIp: source?.podIp ?? OUTSIDE_CLIENT_IP,
        remoteIp: source?.podIp ?? OUTSIDE_CLIENT_IP,
        destinationIp: pod.ref.podIp,
        ...(peer ? { peer } : {}),
      },
      protocol: request.protocol,
      nowMs: input.nowMs,
      jwksOf: this.jwksOf,
      extensionProviders: this.index.extensionProviders,
    });
    this.count(pod.ref, inboundStatPrefix(input.targetPort), security.jwtRules.length > 0, verdict);
    return verdict;
  }

  /** The ingress gateway's filters on a request from outside, before it routes it. */
  checkGateway(input: { gateway: MeshPod; request: InboundRequest; nowMs: number }): InboundVerdict | undefined {
    const { gateway, request } = input;
    if (request.protocol === 'tcp' || this.index.empty) return undefined;
    const security = this.securityOf(gateway);
    if (security.open) return undefined;
    const verdict = checkInbound({
      security,
      request: {
        method: request.method,
        path: request.path,
        host: request.authority,
        port: GATEWAY_LISTENER_PORT,
        headers: request.headers,
        sourceIp: OUTSIDE_CLIENT_IP,
        remoteIp: OUTSIDE_CLIENT_IP,
        destinationIp: gateway.ref.podIp,
      },
      protocol: request.protocol,
      nowMs: input.nowMs,
      jwksOf: this.jwksOf,
      extensionProviders: this.index.extensionProviders,
    });
    this.count(gateway.ref, GATEWAY_STAT_PREFIX, security.jwtRules.length > 0, verdict);
    return verdict;
  }

  /** The pod's policies, kept on the pod itself: a property read per request instead of a weak-map lookup. */
  private securityOf(pod: MeshPod): WorkloadSecurity {
    const cached = pod.security;
    if (cached?.index === this.index) return cached.value;
    const value = this.index.forWorkload(pod.object, pod.ref.namespace, pod.labels);
    pod.security = { index: this.index, value };
    return value;
  }

  private count(pod: WorkloadRef, statPrefix: string, checksJwt: boolean, verdict: InboundVerdict): void {
    if (!this.stats) return;
    if (checksJwt) this.stats.jwt(pod, statPrefix, verdict.ok || verdict.reply.kind !== 'jwt');
    if (verdict.rbac) this.stats.rbac(pod, statPrefix, verdict.rbac);
  }
}

// The connection managers' stat prefixes: a sidecar's inbound one per container port, the gateway's listener's.
const GATEWAY_STAT_PREFIX = `outbound_0.0.0.0_${GATEWAY_LISTENER_PORT}`;
const inboundPrefixes = new Map<number, string>();
function inboundStatPrefix(port: number): string {
  let prefix = inboundPrefixes.get(port);
  if (prefix === undefined) inboundPrefixes.set(port, (prefix = `inbound_0.0.0.0_${port}`));
  return prefix;
}
