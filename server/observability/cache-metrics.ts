// What the console holds in memory, read at scrape time (prom-client's collect): the size of each cache the views
// keep and the state of every Kubernetes watch cache. The caches stay free of prom-client: each tells its size through
// a small method (held(), cacheStates()), and this module only reads the process-wide ones that exist; a scrape
// creates nothing (no sources, no caches, no rights cache) that the console has not made for a request.
import { Gauge, type Registry } from 'prom-client';
import { accessIfMade } from '../auth/io/auth-runtime.js';
import { viewsHeld } from '../auth/io/user-sources.js';
import { cachesIfMade } from '../caches.js';
import { envoyProxiesHeld } from '../envoy/io/load-envoy.js';
import { sourcesIfMade } from '../sources/sources.js';
import { log } from './log.js';

/** The caches by name, as /metrics labels them: entries held. */
export function cacheEntries(): Record<string, number> {
  const caches = cachesIfMade();
  return {
    graph_topologies: caches?.topologies.held() ?? 0,
    hop_topologies: caches?.hopTopologies.held() ?? 0,
    validators: caches?.validators.held().validators ?? 0,
    logged_calls_pods: caches?.loggedCalls.pods.size ?? 0,
    rights_people: accessIfMade()?.held() ?? 0,
    person_views: viewsHeld(),
    envoy_proxies: envoyProxiesHeld(),
  };
}

/** A collect that cannot fail the scrape: what it could not read is left out and logged. */
function guarded(what: string, read: () => void): () => void {
  return () => {
    try {
      read();
    } catch (err) {
      log.warn(`/metrics: could not read ${what}`, { err });
    }
  };
}

/** Adds the cache gauges to `registry`, once. */
export function registerCacheMetrics(registry: Registry): void {
  if (registry.getSingleMetric('sextant_cache_entries')) return;

  const entries = new Gauge({
    name: 'sextant_cache_entries',
    help: 'Entries held by each of the console’s in-memory caches (graph topologies, validators, logged-call pods, people’s rights, people’s views, Envoy proxies).',
    labelNames: ['cache'] as const,
    registers: [registry],
    collect: guarded('the cache sizes', () => {
      for (const [cache, value] of Object.entries(cacheEntries())) entries.set({ cache }, value);
    }),
  });

  const validatorObjects = new Gauge({
    name: 'sextant_validator_objects',
    help: 'Kubernetes and Istio objects held by the live validators, over every cluster.',
    registers: [registry],
    collect: guarded('the validators', () => {
      validatorObjects.set(cachesIfMade()?.validators.held().objects ?? 0);
    }),
  });

  const loggedLines = new Gauge({
    name: 'sextant_logged_calls_lines',
    help: 'Sidecar access-log lines held (as their compact facts) by the logged-calls cache, over every pod.',
    registers: [registry],
    collect: guarded('the logged calls', () => {
      let lines = 0;
      for (const pod of cachesIfMade()?.loggedCalls.pods.values() ?? []) lines += pod.facts.length;
      loggedLines.set(lines);
    }),
  });

  const labelNames = ['cluster', 'resource'] as const;
  const synced = new Gauge({
    name: 'sextant_kube_cache_synced',
    help: 'Whether a Kubernetes watch cache holds a complete list with its watch running (1), or is waiting for its first list or to retry a failed list or watch (0).',
    labelNames,
    registers: [registry],
    // Registered first, so its collect fills the three before any is written: they read the same states.
    collect: guarded('the Kubernetes caches', () => {
      synced.reset();
      objects.reset();
      lastList.reset();
      for (const [cluster, kubernetes] of sourcesIfMade()?.clusters ?? []) {
        for (const state of kubernetes.cacheStates()) {
          const labels = { cluster, resource: state.resource };
          synced.set(labels, state.synced ? 1 : 0);
          objects.set(labels, state.objects);
          if (state.lastListMs !== null) lastList.set(labels, state.lastListMs / 1000);
        }
      }
    }),
  });
  const objects = new Gauge({
    name: 'sextant_kube_cache_objects',
    help: 'Objects held by a Kubernetes watch cache.',
    labelNames,
    registers: [registry],
  });
  const lastList = new Gauge({
    name: 'sextant_kube_cache_last_list_timestamp_seconds',
    help: 'When a Kubernetes watch cache last listed its resource (its first sync, or a resync after its watch expired), in Unix seconds.',
    labelNames,
    registers: [registry],
  });
}
