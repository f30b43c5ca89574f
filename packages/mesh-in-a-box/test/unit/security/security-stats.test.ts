// The Envoy stats security moves, by name and as /stats/prometheus renders them with Istio's stats tags
// (src/envoy/bootstrap-config.ts: listener_address; http_conn_manager_prefix's regex takes only digits and dots, so
// an `inbound_0.0.0.0_8080` prefix stays in the metric name).
import { describe, expect, it } from 'vitest';
import { envoyPrometheus } from '../../../src/envoy/envoy-prometheus.js';
import { SecurityStats } from '../../../src/security/security-stats.js';
import type { WorkloadRef } from '../../../src/traffic/hop.js';

const logic = { namespace: 'demo', pod: 'sa-logic-abc-0' } as WorkloadRef;

describe('SecurityStats', () => {
  it('counts refused plaintext connections on the inbound listener and RBAC decisions per connection manager', () => {
    const stats = new SecurityStats();
    stats.refused(logic);
    stats.refused(logic);
    stats.rbac(logic, 'inbound_0.0.0.0_5000', { allowed: 1, denied: 1, logged: 0 });
    const byName = Object.fromEntries(stats.statsOf('demo', 'sa-logic-abc-0').map((r) => [r.name, r.value]));
    expect(byName).toEqual({
      'listener.0.0.0.0_15006.downstream_cx_total': 2,
      'listener.0.0.0.0_15006.downstream_cx_destroy': 2,
      'listener.0.0.0.0_15006.no_filter_chain_match': 2,
      'http.inbound_0.0.0.0_5000.rbac.allowed': 1,
      'http.inbound_0.0.0.0_5000.rbac.denied': 1,
    });
    stats.forgetPod('demo', 'sa-logic-abc-0');
    expect(stats.statsOf('demo', 'sa-logic-abc-0')).toEqual([]);
  });

  it('renders the listener stat with its listener_address tag and the RBAC stat with its prefix in the name', () => {
    const text = envoyPrometheus(
      [
        { name: 'listener.0.0.0.0_15006.no_filter_chain_match', value: 3 },
        { name: 'http.inbound_0.0.0.0_5000.rbac.denied', value: 2 },
      ],
      [],
    );
    expect(text).toContain('envoy_listener_no_filter_chain_match{listener_address="0.0.0.0_15006"} 3');
    expect(text).toContain('envoy_http_inbound_0_0_0_0_5000_rbac_denied 2');
  });
});
