// Prometheus answers + the Kubernetes view → the graph (pure: no I/O, no clock). Linear in the number of series.
import type { GraphBadge, GraphEdge, GraphNode, GraphType } from '../../lib/api/graph.js';
import type { WorkloadModel } from '../mesh/build-workloads.js';
import { computeHealth, type CodeRate, type CompiledTolerance } from '../mesh/health.js';
import { serviceHost } from '../mesh/istio-refs.js';
import type { Sample } from '../sources/prometheus.js';
import { collapseIntoServices } from './collapse-services.js';
import { findingsOfNode, type ConfigFindings } from './config-findings.js';
import { collectRawEdges } from './edge-traffic.js';
import { buildEdgeSet, type EdgeSet, type EdgeTally } from './graph-edges.js';
import { addIdleNodes } from './idle-nodes.js';
import { BLACKHOLE, PASSTHROUGH, type NodeIdentity, type ServiceEntryRef } from './node-identity.js';
import type { ServiceFeatures } from './service-features.js';

/** What Kubernetes says about the namespaces the graph may draw. */
export interface GraphTopology {
  workloads: ReadonlyMap<string, readonly WorkloadModel[]>;
  /** Service names by namespace. */
  services: ReadonlyMap<string, readonly string[]>;
  serviceEntries: readonly ServiceEntryRef[];
  features: ServiceFeatures;
  /** Validation findings of the config, when the validator was asked. */
  findings?: ConfigFindings;
}

export interface GraphAnswers {
  requests: Sample[];
  bytes: Sample[];
  latency: Sample[];
}

export interface BuildGraphInput {
  graphType: GraphType;
  /** Namespaces asked for; empty = all. Nodes elsewhere are outsiders. */
  namespaces: readonly string[];
  injectServiceNodes: boolean;
  includeIdle: boolean;
  answers: GraphAnswers;
  topology: GraphTopology;
  tolerances: CompiledTolerance[];
}

export interface BuiltGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

interface Direction {
  rps: number;
  errorRps: number;
  bps: number;
  codes: Map<string, CodeRate>;
}

const newDirection = (): Direction => ({ rps: 0, errorRps: 0, bps: 0, codes: new Map() });

function addTo(d: Direction, e: EdgeTally): void {
  d.bps += e.bps;
  if (e.protocol === 'tcp') return;
  d.rps += e.rps;
  d.errorRps += e.errorRps;
  for (const [code, tally] of e.codes) {
    const key = `${e.protocol} ${code}`;
    const c = d.codes.get(key);
    if (c) c.rps += tally.rps;
    else d.codes.set(key, { protocol: e.protocol, code, rps: tally.rps });
  }
}

/** The workloads a node stands for: itself, its app, or its app at one version. */
function workloadsOf(identity: NodeIdentity, topology: GraphTopology): WorkloadModel[] | null {
  if (identity.nodeType !== 'app' && identity.nodeType !== 'workload') return null;
  const inNamespace = topology.workloads.get(identity.namespace) ?? [];
  if (identity.nodeType === 'workload') return inNamespace.filter((w) => w.name === identity.workload);
  return inNamespace.filter(
    (w) =>
      (w.app ?? w.name) === identity.app &&
      (identity.version === undefined || (w.version ?? 'latest') === identity.version),
  );
}

function nodeBadges(
  identity: NodeIdentity,
  workloads: WorkloadModel[] | null,
  features: Set<GraphBadge>,
): GraphBadge[] {
  const badges = new Set<GraphBadge>(features);
  if (workloads) {
    if (workloads.length === 0 || workloads.every((w) => w.pods.length === 0)) badges.add('dead');
    if (workloads.some((w) => w.isGateway)) badges.add('gateway');
    else if (workloads.some((w) => !w.hasSidecar && !w.ambient)) badges.add('missing-sidecar');
  }
  if (identity.service === PASSTHROUGH) badges.add('passthrough');
  if (identity.service === BLACKHOLE) badges.add('blackhole');
  return [...badges];
}

/** Four significant digits: more than any view shows, and a third of the JSON of full doubles. */
export function sig(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const digits = 3 - Math.floor(Math.log10(Math.abs(x)));
  // Dividing an integer by an exact power of ten gives the shortest decimal; so does multiplying by one.
  return digits >= 0 ? Math.round(x * 10 ** digits) / 10 ** digits : Math.round(x / 10 ** -digits) * 10 ** -digits;
}

function ratio(part: number, whole: number): number {
  return whole > 0 ? sig(part / whole) : 0;
}

// Plain loops: a 5,000-workload graph has tens of thousands of these, and the garbage of intermediate arrays cost
// more than building the objects.
function responseCodesOf(codes: EdgeTally['codes']): GraphEdge['responseCodes'] {
  const out: GraphEdge['responseCodes'] = {};
  for (const [code, t] of codes) {
    const flags: Record<string, number> = {};
    for (const [flag, rps] of t.flags) flags[flag] = sig(rps);
    out[code] = { rps: sig(t.rps), flags };
  }
  return out;
}

function toEdge(e: EdgeTally, sourceOutbound: Direction | undefined): GraphEdge {
  const tcp = e.protocol === 'tcp';
  const edge: GraphEdge = {
    id: e.id,
    source: e.source,
    target: e.target,
    protocol: e.protocol,
    rps: sig(e.rps),
    share: tcp ? ratio(e.bps, sourceOutbound?.bps ?? 0) : ratio(e.rps, sourceOutbound?.rps ?? 0),
    errorRatio: tcp ? ratio(e.tcpClosedFailed, e.tcpClosed) : ratio(e.errorRps, e.rps),
    http4xxRatio: ratio(e.http4xxRps, e.rps),
    http5xxRatio: ratio(e.http5xxRps, e.rps),
    mtlsRatio: e.mtlsBase > 0 ? sig(e.mtls / e.mtlsBase) : null,
    responseCodes: responseCodesOf(e.codes),
  };
  if (e.bps > 0) edge.bps = sig(e.bps);
  for (const [stat, l] of e.latency) if (l.weight > 0) edge[stat] = sig(l.sum / l.weight);
  return edge;
}

export function buildGraph(input: BuildGraphInput): BuiltGraph {
  const raws = collectRawEdges(input.answers);
  let set: EdgeSet = buildEdgeSet(raws.values(), {
    graphType: input.graphType,
    injectServiceNodes: input.injectServiceNodes,
    serviceEntries: input.topology.serviceEntries,
  });
  if (input.graphType === 'service') set = collapseIntoServices(set);
  const idle = input.includeIdle ? addIdleNodes(set, input) : new Set<string>();

  const inbound = new Map<string, Direction>();
  const outbound = new Map<string, Direction>();
  const direction = (m: Map<string, Direction>, id: string) => {
    let d = m.get(id);
    if (!d) m.set(id, (d = newDirection()));
    return d;
  };
  // Features of services reached without a service node in between land on the node that answered.
  const reachedFeatures = new Map<string, Set<GraphBadge>>();
  for (const e of set.edges.values()) {
    addTo(direction(outbound, e.source), e);
    addTo(direction(inbound, e.target), e);
    const target = set.nodes.get(e.target)?.identity.nodeType;
    if (target === 'app' || target === 'workload') {
      for (const host of e.serviceHosts) {
        const f = input.topology.features.get(host);
        if (!f) continue;
        let s = reachedFeatures.get(e.target);
        if (!s) reachedFeatures.set(e.target, (s = new Set()));
        for (const b of f) s.add(b);
      }
    }
  }

  const asked = new Set(input.namespaces);
  const nodes: GraphNode[] = [];
  for (const [id, { identity, isInjected }] of set.nodes) {
    const workloads = workloadsOf(identity, input.topology);
    const own =
      identity.nodeType === 'service'
        ? input.topology.features.get(serviceHost(identity.namespace, identity.service ?? ''))
        : reachedFeatures.get(id);
    const badges = nodeBadges(identity, workloads, new Set(own));
    if (idle.has(id)) badges.push('idle');
    const inDir = inbound.get(id) ?? newDirection();
    const outDir = outbound.get(id) ?? newDirection();
    const hasTraffic = inDir.codes.size > 0 || outDir.codes.size > 0;
    const node: GraphNode = {
      ...identity,
      hasSidecar: workloads
        ? workloads.length > 0 && workloads.every((w) => w.hasSidecar || w.isGateway)
        : identity.nodeType !== 'unknown',
      health:
        identity.nodeType === 'unknown' || (!hasTraffic && !workloads?.length)
          ? null
          : {
              ...computeHealth({
                traffic: {
                  inbound: [...inDir.codes.values()],
                  // A service's health is its inbound requests only (Kiali).
                  outbound: identity.nodeType === 'service' ? [] : [...outDir.codes.values()],
                },
                replicas: (workloads ?? []).map((w) => w.replicas),
                tolerances: input.tolerances,
              }),
              requests: null, // the node's traffic says it, per direction
            },
      badges,
      traffic: {
        inbound: { rps: sig(inDir.rps), errorRatio: ratio(inDir.errorRps, inDir.rps), bps: sig(inDir.bps) },
        outbound: { rps: sig(outDir.rps), errorRatio: ratio(outDir.errorRps, outDir.rps), bps: sig(outDir.bps) },
      },
    };
    const findings = input.topology.findings && findingsOfNode(identity, workloads, input.topology.findings);
    if (findings) {
      node.validation = findings;
      node.badges.push(findings.errors > 0 ? 'config-error' : 'config-warning');
    }
    if (isInjected) node.isInjected = true;
    if (!inbound.has(id) && outbound.has(id)) node.isRoot = true;
    if (asked.size > 0 && identity.nodeType !== 'unknown' && !asked.has(identity.namespace)) node.isOutside = true;
    nodes.push(node);
  }
  const edges = [...set.edges.values()].map((e) => toEdge(e, outbound.get(e.source)));
  return { nodes, edges };
}
