// The views' caches over the watch caches: the live validators, the graph's topologies and the logged calls. Created once per process,
// beside the sources (server/sources/sources.ts), and handed by the route handlers to the loaders that use them, so
// that no loader keeps state of its own and a test or a bench makes its own.
import { createTopologyCache, type TopologyCache } from './graph/io/topology-cache.js';
import { createLoggedCallsCache, type LoggedCallsCache } from './security/logged-calls-cache.js';
import { createLiveValidators, type LiveValidators } from './validation/io/live-validator.js';

export interface Caches {
  validators: LiveValidators;
  topologies: TopologyCache;
  /** The topologies of the traffic tabs' one-hop graphs: apart, so that they and the graph page do not evict each other. */
  hopTopologies: TopologyCache;
  /** The sidecars' logged calls (the Security tab, the simulate call): each call reads only the lines since the last. */
  loggedCalls: LoggedCallsCache;
}

export function createCaches(): Caches {
  const validators = createLiveValidators();
  return {
    validators,
    topologies: createTopologyCache(validators),
    hopTopologies: createTopologyCache(validators),
    loggedCalls: createLoggedCallsCache(),
  };
}

// Next.js may load this module more than once (one bundle per route); globalThis keeps one set per process, so the
// graph and the validation routes share one validator per cluster.
const slot = globalThis as typeof globalThis & { __sextantCaches?: Caches };

/** The process-wide caches if a route made them (for /metrics, which must not). */
export function cachesIfMade(): Caches | undefined {
  return slot.__sextantCaches;
}

/** The process-wide caches, for route handlers. */
export function getCaches(): Caches {
  return (slot.__sextantCaches ??= createCaches());
}
