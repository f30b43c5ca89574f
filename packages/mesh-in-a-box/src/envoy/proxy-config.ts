import { createHash } from 'node:crypto';
import type { KubeObject } from '../store/kube-object.js';
import type { ObjectStore } from '../store/object-store.js';
import { buildClusters, type ClusterModel } from './cluster-builder.js';
import { timestampText, typed } from './envoy-json.js';
import { gatewayConfig } from './gateway-config.js';
import { virtualInbound } from './inbound-listener.js';
import { buildMeshIndex, type MeshIndex } from './mesh-index.js';
import { proxyIdentity, type ProxyIdentity } from './proxy-identity.js';
import { EndpointDirectory } from './endpoint-directory.js';
import { outboundListeners, type ListenerModel } from './sidecar-listeners.js';
import { buildSidecarRoutes, type RouteModel } from './sidecar-routes.js';
import { bootstrapListeners } from './static-resources.js';
import { statsInclusion, type StatsInclusion } from './stats-matcher.js';

export interface ProxyConfigInput {
  store: ObjectStore;
  pod: KubeObject;
  startedAtMs: number;
  nowMs: number;
  meshId?: string;
  clusterId?: string;
}

/**
 * Everything one proxy has loaded, computed on first use and kept for the rest of the request, so an admin call pays
 * only for the parts it prints.
 */
export class ProxyConfig {
  readonly identity: ProxyIdentity;
  readonly startedAtMs: number;
  readonly nowMs: number;
  private indexValue: MeshIndex | undefined;
  private endpointsValue: EndpointDirectory | undefined;
  private clustersValue: { statics: ClusterModel[]; dynamics: ClusterModel[] } | undefined;
  private listenersValue: { statics: ListenerModel[]; dynamics: ListenerModel[] } | undefined;
  private routesValue: RouteModel[] | undefined;

  constructor(private readonly input: ProxyConfigInput) {
    this.identity = proxyIdentity(input);
    this.startedAtMs = input.startedAtMs;
    this.nowMs = input.nowMs;
  }

  get index(): MeshIndex {
    return (this.indexValue ??= buildMeshIndex(this.input.store, this.identity));
  }

  get endpoints(): EndpointDirectory {
    return (this.endpointsValue ??= new EndpointDirectory(this.input.store));
  }

  get clusters(): { statics: ClusterModel[]; dynamics: ClusterModel[] } {
    return (this.clustersValue ??= buildClusters(this.index, this.endpoints));
  }

  get listeners(): { statics: ListenerModel[]; dynamics: ListenerModel[] } {
    if (this.listenersValue) return this.listenersValue;
    const statics = bootstrapListeners().map((config, i) => {
      const address = (config.address as { socket_address: { address: string; port_value: number } }).socket_address;
      // Envoy names unnamed bootstrap listeners with a random UUID; derive a stable one from the pod.
      return {
        name: stableUuid(`${this.identity.nodeId}/${i}`),
        config: typed('envoy.config.listener.v3.Listener', config),
        address: address.address,
        port: address.port_value,
      };
    });
    const dynamics =
      this.identity.type === 'router'
        ? this.gateway().listeners
        : [...outboundListeners(this.index), virtualInbound(this.index)];
    return (this.listenersValue = { statics, dynamics });
  }

  /** RDS route configurations, in the order Istio pushes them. */
  get routes(): RouteModel[] {
    return (this.routesValue ??=
      this.identity.type === 'router' ? this.gateway().routes : buildSidecarRoutes(this.index));
  }

  private statsInclusionValue: StatsInclusion | undefined;
  /** The stats pilot-agent told this proxy's Envoy to keep (the bootstrap's stats_matcher). */
  get statsInclusion(): StatsInclusion {
    return (this.statsInclusionValue ??= statsInclusion(this.input.store, this.identity.pod));
  }

  private gatewayValue: ReturnType<typeof gatewayConfig> | undefined;
  private gateway(): ReturnType<typeof gatewayConfig> {
    return (this.gatewayValue ??= gatewayConfig(this.index));
  }

  /** When the bootstrap was loaded: just after the process started. */
  get bootstrapTime(): string {
    return timestampText(this.startedAtMs + 45);
  }

  /**
   * When istiod last pushed: the newest routing config, but not before the proxy connected nor after now. The
   * version carries the store's resourceVersion the way istiod's carries its push counter.
   */
  get pushTimeMs(): number {
    const connected = this.startedAtMs + 1_500;
    return Math.min(this.nowMs, Math.max(connected, this.index.configTimeMs));
  }

  get versionInfo(): string {
    return `${new Date(this.pushTimeMs).toISOString().replace(/\.\d+Z$/, 'Z')}/${this.input.store.resourceVersion}`;
  }

  get pushTime(): string {
    return timestampText(this.pushTimeMs);
  }
}

/** A UUID-shaped name derived from a string, so repeated calls name the same listener the same way. */
function stableUuid(seed: string): string {
  const hex = createHash('sha1').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
