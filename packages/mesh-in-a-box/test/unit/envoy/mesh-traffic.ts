import type { ObjectStore } from '../../../src/store/object-store.js';
import type { Scenario } from '../../../src/scenarios/scenario.js';
import { meshLookups } from '../../../src/telemetry/access-log-mesh-lookups.js';
import { UpstreamCounters } from '../../../src/telemetry/upstream-counters.js';
import type { Behaviour } from '../../../src/traffic/behaviour.js';
import type { Hop } from '../../../src/traffic/hop.js';
import { TrafficModel } from '../../../src/traffic/traffic-model.js';
import { NOW_MS } from './admin-call.js';

const logic: Behaviour = { latencyMs: { median: 20, p95: 40 }, errorRatio: 0, calls: [], responseBytes: { mean: 60 } };

// The sentiment mesh's apps: sa-webapp calls sa-logic once per request; sa-logic v2 is the course's failing canary
// (FAIL_RANDOMLY: a third answer 500 at once, a third 500 after 30 s).
const scenario = (rps: number): Scenario => ({
  name: 'test',
  description: 'browsers → gateway → sa-webapp → sa-logic',
  objects: [],
  clients: [
    {
      name: 'browsers',
      from: 'outside',
      host: 'istio-ingressgateway.istio-system.svc.cluster.local',
      port: 80,
      rps,
      requests: [{ method: 'POST', path: '/sentiment', weight: 1 }],
    },
  ],
  behaviourFor: (pod) => {
    const labels = pod.metadata.labels ?? {};
    if (labels['app'] === 'sa-logic') return { ...logic, failRandomly: labels['version'] === 'v2' };
    return {
      ...logic,
      calls: [{ host: 'sa-logic', port: 80, protocol: 'http', method: 'POST', path: '/analyse/sentiment' }],
    };
  },
});

export interface MeshTraffic {
  /** Every hop that finished, as the sinks saw them: the ground truth. */
  hops: Hop[];
  upstream: UpstreamCounters;
}

/**
 * Runs `seconds` of browser traffic (POST /sentiment through the gateway) through the store's mesh, ending at the admin tests' NOW_MS, and lets
 * every request finish (the canary's slow answers take 30 s).
 */
export function runTraffic(store: ObjectStore, options: { seconds: number; rps: number; seed?: number }): MeshTraffic {
  const startMs = NOW_MS - options.seconds * 1000 - 60_000;
  const hops: Hop[] = [];
  const traffic: TrafficModel = new TrafficModel({
    store,
    scenario: scenario(options.rps),
    seed: options.seed ?? 7,
    nowMs: startMs,
    sinks: [(hop) => hops.push(hop), (hop) => upstream.record(hop)],
    ejected: (proxy, cluster, atMs) => upstream.ejected(proxy, cluster, atMs),
  });
  const upstream = new UpstreamCounters(meshLookups(() => traffic.mesh).targetPortOf);
  // A tick a second, as the mesh in a box runs: what a proxy counted by then shapes the next second's routing.
  for (let second = 1; second <= options.seconds; second++) traffic.tick(startMs + second * 1000);
  traffic.flush(NOW_MS);
  traffic.stop();
  return { hops, upstream };
}
