// The service graph on the synthetic mesh: its Prometheus queries answered by the built-in Prometheus, then the pure
// builder timed on those answers for every graph type, with the JSON payload the route would send. One JSON line.
import { parseArgs } from 'node:util';
import { GR, scrapeIntervalFor, startMeshInBox } from '@sextant/mesh-in-a-box';
import { graphQuery, graphResponse, type GraphType } from '../lib/api/graph.js';
import { buildGraph, type GraphAnswers } from '../server/graph/build-graph.js';
import { compactGraph } from '../server/graph/compact-graph.js';
import { bytesQuery, latencyQuery, requestsQuery } from '../server/graph/graph-queries.js';
import { graphTopology } from '../server/graph/graph-topology.js';
import { compileTolerances } from '../server/mesh/health.js';
import type { KubeCache } from '../server/sources/kube-cache.js';
import { DEFAULT_TOLERANCES } from '../server/config.js';
import type { Sample } from '../server/sources/prometheus.js';
import type { KubeObject } from '../server/sources/kubernetes.js';
import type { CachedKind } from '../server/sources/watched-kinds.js';
import { validationCost } from './graph-validation-cost.js';

// Every kind the console watches, by the store's name for it.
const GR_OF: Record<CachedKind, keyof typeof GR> = {
  Namespace: 'namespaces',
  Pod: 'pods',
  Service: 'services',
  Deployment: 'deployments',
  ReplicaSet: 'replicasets',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  VirtualService: 'virtualservices',
  DestinationRule: 'destinationrules',
  Gateway: 'gateways',
  ServiceEntry: 'serviceentries',
  Sidecar: 'sidecars',
  WorkloadEntry: 'workloadentries',
  EnvoyFilter: 'envoyfilters',
  PeerAuthentication: 'peerauthentications',
  RequestAuthentication: 'requestauthentications',
  AuthorizationPolicy: 'authorizationpolicies',
};

const { values } = parseArgs({ options: { workloads: { type: 'string' } } });
const workloads = Number(values.workloads ?? 5000);
const INTERVAL_S = scrapeIntervalFor(workloads * 230) / 1000;

/** Runs the mesh, asks its built-in Prometheus, and keeps only the answers and the cache's view. */
async function collect() {
  let simulatedMs = Date.now();
  // Ticked and scraped by hand in simulated seconds, so nothing runs in the background while the bench times.
  const mesh = await startMeshInBox({
    scenario: 'synthetic',
    workloads,
    namespaces: Math.max(1, Math.round(workloads / 100)),
    seed: 1,
    tickMs: 3_600_000,
    scrapeIntervalMs: 3_600_000,
    prometheusClock: () => simulatedMs,
  });
  const prometheus = mesh.prometheus!;
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < INTERVAL_S; i++) mesh.traffic.tick((simulatedMs += 1000));
    prometheus.scrapes.scrapeNow();
  }
  const atMs = simulatedMs;
  const range = `${3 * INTERVAL_S}s`;

  function ask(query: string): { samples: Sample[]; ms: number; bytes: number } {
    const t0 = performance.now();
    const json = prometheus.instant(query, atMs);
    // As the console's Prometheus client reads it.
    const data = JSON.parse(json) as { result: { metric: Record<string, string>; value: [number, string] }[] };
    const samples = data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    return { samples, ms: performance.now() - t0, bytes: json.length };
  }

  // The whole mesh: the largest graph a user can ask for.
  const input = { namespaces: [], range };
  const requests = ask(requestsQuery(input));
  const bytes = ask(bytesQuery(input));
  const latency = ask(latencyQuery(input, ['p95'])!);
  const answers: GraphAnswers = { requests: requests.samples, bytes: bytes.samples, latency: latency.samples };

  // The watch cache, as the console's Kubernetes source would hold it.
  const KINDS: Partial<Record<CachedKind, (typeof GR)[keyof typeof GR]>> = {
    Namespace: GR.namespaces,
    Pod: GR.pods,
    Service: GR.services,
    Deployment: GR.deployments,
    ReplicaSet: GR.replicasets,
    StatefulSet: GR.statefulsets,
    DaemonSet: GR.daemonsets,
    VirtualService: GR.virtualservices,
    DestinationRule: GR.destinationrules,
    ServiceEntry: GR.serviceentries,
  };
  const cache: KubeCache = {
    list: (kind, namespace) => {
      const gr = KINDS[kind];
      return gr ? (mesh.store.list(gr, namespace) as unknown as KubeObject[]) : [];
    },
    get: (kind, namespace, name) => {
      const gr = KINDS[kind];
      return gr ? (mesh.store.get(gr, namespace, name) as unknown as KubeObject | undefined) : undefined;
    },
  };
  const namespaces = cache.list('Namespace').map((n) => n.metadata.name);
  const figures = {
    workloads,
    requestSeries: requests.samples.length,
    requestsQueryMs: Math.round(requests.ms),
    bytesQueryMs: Math.round(bytes.ms),
    p95QueryMs: Math.round(latency.ms),
    answersMB: +((requests.bytes + bytes.bytes + latency.bytes) / 1e6).toFixed(1),
    queriesPerRefresh: 3,
  };
  const t0 = performance.now();
  const topology = graphTopology(cache, namespaces);
  const topologyMs = Math.round(performance.now() - t0);
  const validation = validationCost((kind) => mesh.store.list(GR[GR_OF[kind]]) as unknown as KubeObject[]);
  await mesh.stop();
  return { answers, topology, figures: { ...figures, topologyMs, ...validation } };
}

// The mesh and its TSDB are garbage once collected: the builder is timed as the console runs it, without them.
const { answers, topology, figures } = await collect();
(globalThis as { gc?: () => void }).gc?.();
const tolerances = compileTolerances(DEFAULT_TOLERANCES);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const row: Record<string, number | string> = { ...figures };
const TYPES: GraphType[] = ['versionedApp', 'app', 'workload', 'service'];
const build = (graphType: GraphType) =>
  buildGraph({
    graphType,
    namespaces: [],
    injectServiceNodes: graphQuery.parse({ graphType }).injectServiceNodes,
    includeIdle: false,
    answers,
    topology,
    tolerances,
    istioNamespace: 'istio-system',
  });
// Warm the JIT on every graph type first, as a running console is.
for (let i = 0; i < 3; i++) for (const graphType of TYPES) build(graphType);
for (const graphType of TYPES) {
  const times: number[] = [];
  let built = build(graphType);
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    built = build(graphType);
    times.push(performance.now() - t);
  }
  const ms = median(times);
  row[`${graphType}BuildMs`] = Math.round(ms);
  row[`${graphType}Edges`] = built.edges.length;
  row[`${graphType}Nodes`] = built.nodes.length;
  row[`${graphType}MsPer1kEdges`] = +((ms / built.edges.length) * 1000).toFixed(1);
  const response = { timestamp: 0, duration: '60s', graphType, namespaces: [], queries: 3, ...built };
  row[`${graphType}PayloadMB`] = +(JSON.stringify(compactGraph(response)).length / 1e6).toFixed(2);
  if (graphType === 'versionedApp') {
    // What the route adds: the wire form and its JSON; and what the browser's parse through the contract costs.
    const t = performance.now();
    const json = JSON.stringify(compactGraph(response));
    row['encodeMs'] = Math.round(performance.now() - t);
    const t2 = performance.now();
    graphResponse.parse(JSON.parse(json));
    row['parseMs'] = Math.round(performance.now() - t2);
  }
}
if (process.env['G1K'])
  (await import('node:fs')).writeFileSync(process.env['G1K'], JSON.stringify(build('versionedApp')));
console.log(JSON.stringify(row));
process.exit(0);
