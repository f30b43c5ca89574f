// A proxy's whole config, parsed once into the five tables of the Envoy tab (and what the diff compares). Pure: the
// admin answers come in as values (io/load-envoy.ts fetches them), the clock as `nowMs`.
import type {
  BootstrapRow,
  ClusterRow,
  EnvoyRow,
  EnvoySection,
  ListenerRow,
  RouteRow,
  SecretRow,
} from '../../lib/api/envoy.js';
import { bootstrapRows } from './bootstrap-rows.js';
import { clusterRows } from './cluster-rows.js';
import { parseClusterStats, parseClusterStatuses } from './cluster-status.js';
import { listenerRows } from './listener-rows.js';
import { routeRows } from './route-rows.js';
import { secretRows } from './secret-rows.js';
import type { Table } from './table.js';

export interface ParsedDump {
  clusters: Table<ClusterRow>;
  listeners: Table<ListenerRow>;
  routes: Table<RouteRow>;
  bootstrap: Table<BootstrapRow>;
  secrets: Table<SecretRow>;
}

export interface AdminAnswers {
  configDump: { configs?: unknown };
  /** /clusters?format=json, when read. */
  clusters?: unknown;
  /** /stats text filtered to the cluster stats, when read. */
  stats?: string;
}

export function parseDump(answers: AdminAnswers, nowMs: number): ParsedDump {
  const dump = answers.configDump;
  return {
    clusters: clusterRows(dump, {
      statuses: answers.clusters === undefined ? undefined : parseClusterStatuses(answers.clusters),
      stats: answers.stats === undefined ? undefined : parseClusterStats(answers.stats),
    }),
    listeners: listenerRows(dump),
    routes: routeRows(dump),
    bootstrap: bootstrapRows(dump),
    secrets: secretRows(dump, nowMs),
  };
}

/** One section's table alone: a page of routes need not parse five thousand clusters' live hosts. */
export function parseSection(answers: AdminAnswers, section: EnvoySection, nowMs: number): Table<EnvoyRow> {
  const dump = answers.configDump;
  switch (section) {
    case 'clusters':
      return clusterRows(dump, {
        statuses: answers.clusters === undefined ? undefined : parseClusterStatuses(answers.clusters),
        stats: answers.stats === undefined ? undefined : parseClusterStats(answers.stats),
      });
    case 'listeners':
      return listenerRows(dump);
    case 'routes':
      return routeRows(dump);
    case 'bootstrap':
      return bootstrapRows(dump);
    case 'secrets':
      return secretRows(dump, nowMs);
  }
}
