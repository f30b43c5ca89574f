// The Envoy stats that security moves on each proxy, which its admin /stats and /stats/prometheus show where the
// proxy's stats matcher keeps them (Istio keeps `rbac.allowed` and `rbac.denied` by default, not the listener's):
// - http.<stat_prefix>.rbac.{allowed,denied,logged}: each RBAC filter a request reaches counts it once (envoy
//   source/extensions/filters/http/rbac/rbac_filter.cc); the stat prefix is the connection manager's
//   (inbound_0.0.0.0_<port> on a sidecar, outbound_0.0.0.0_8080 on the ingress gateway).
// - http.<stat_prefix>.jwt_authn.{allowed,denied} (envoy jwt_authn filter stats).
// - listener.0.0.0.0_15006.{downstream_cx_total,downstream_cx_destroy,no_filter_chain_match}: a plaintext connection
//   to a STRICT port finds no filter chain and is closed before any TLS handshake or HTTP exchange (Envoy listener
//   stats; the server proxy logs it as `0 NR filter_chain_not_found`), so ssl.* stats do not move.

import type { WorkloadRef } from '../traffic/hop.js';
import type { RbacCounts } from './authorization-policy.js';

export interface SecurityStatRow {
  name: string;
  value: number;
}

export const INBOUND_LISTENER = 'listener.0.0.0.0_15006';

export class SecurityStats {
  // Stat names by connection manager prefix, made once: a request should not build strings to be counted.
  private readonly names = new Map<
    string,
    { allowed: string; denied: string; logged: string; jwt: [string, string] }
  >();
  private readonly byPod = new Map<string, Map<string, number>>();
  private readonly byRef = new WeakMap<WorkloadRef, Map<string, number>>();

  private counters(pod: WorkloadRef): Map<string, number> {
    let counters = this.byRef.get(pod);
    if (!counters) {
      const key = `${pod.namespace}/${pod.pod}`;
      counters = this.byPod.get(key);
      if (!counters) this.byPod.set(key, (counters = new Map()));
      this.byRef.set(pod, counters);
    }
    return counters;
  }

  private add(pod: WorkloadRef, name: string, by = 1): void {
    if (by === 0) return;
    const counters = this.counters(pod);
    counters.set(name, (counters.get(name) ?? 0) + by);
  }

  private namesOf(statPrefix: string) {
    let names = this.names.get(statPrefix);
    if (!names) {
      const http = `http.${statPrefix}`;
      names = {
        allowed: `${http}.rbac.allowed`,
        denied: `${http}.rbac.denied`,
        logged: `${http}.rbac.logged`,
        jwt: [`${http}.jwt_authn.allowed`, `${http}.jwt_authn.denied`],
      };
      this.names.set(statPrefix, names);
    }
    return names;
  }

  rbac(pod: WorkloadRef, statPrefix: string, counts: RbacCounts): void {
    const names = this.namesOf(statPrefix);
    this.add(pod, names.allowed, counts.allowed);
    this.add(pod, names.denied, counts.denied);
    this.add(pod, names.logged, counts.logged);
  }

  jwt(pod: WorkloadRef, statPrefix: string, allowed: boolean): void {
    this.add(pod, this.namesOf(statPrefix).jwt[allowed ? 0 : 1]);
  }

  /** Plaintext connections the pod's inbound listener closed for want of a filter chain (STRICT mTLS). */
  refused(pod: WorkloadRef, connections = 1): void {
    this.add(pod, `${INBOUND_LISTENER}.downstream_cx_total`, connections);
    this.add(pod, `${INBOUND_LISTENER}.downstream_cx_destroy`, connections);
    this.add(pod, `${INBOUND_LISTENER}.no_filter_chain_match`, connections);
  }

  /** The pod's counters, by Envoy stat name. */
  statsOf(namespace: string, pod: string): SecurityStatRow[] {
    const counters = this.byPod.get(`${namespace}/${pod}`);
    return counters ? [...counters].map(([name, value]) => ({ name, value })) : [];
  }

  forgetPod(namespace: string, pod: string): void {
    this.byPod.delete(`${namespace}/${pod}`);
  }
}
