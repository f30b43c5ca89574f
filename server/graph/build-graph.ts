// Prometheus answers + the Kubernetes view → the graph (pure: no I/O, no clock). Linear in the number of series.
import { latencyStat, type GraphBadge, type GraphEdge, type GraphNode, type GraphType } from '../../lib/api/graph.js';
import { codeRecord } from '../../lib/code-record.js';
import type { WorkloadModel } from '../mesh/build-workloads.js';
import { computeStatus, healthOf, type CodeRate, type CompiledTolerance } from '../mesh/health.js';
import { serviceHost } from '../mesh/istio-refs.js';
import { sidecarExemption } from '../mesh/pod-facts.js';
import type { Sample } from '../sources/prometheus.js';
import { collapseIntoServices } from './collapse-services.js';
import { findingsOfNode, type ConfigFindings } from './config-findings.js';
import type { DenialEvidence } from './denial-evidence.js';
import { deniedOf, settleTls, tlsOf } from './edge-security.js';
import { collectRawEdges, type FlaggedRate } from './edge-traffic.js';
import { buildEdgeSet, type EdgeSet, type EdgeTally } from './graph-edges.js';
import { addIdleNodes } from './idle-nodes.js';
import { NodeWorkloads } from './node-workloads.js';
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
  /** `namespace/service` → the gateway workloads it selects (services of other workloads are left out). */
  gatewaysOfService?: ReadonlyMap<string, readonly WorkloadModel[]>;
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
  /** Kiali's operation nodes; the answers must then carry request_operation (requestsQuery with operations). */
  operationNodes?: boolean;
  includeIdle: boolean;
  answers: GraphAnswers;
  topology: GraphTopology;
  tolerances: CompiledTolerance[];
  /** Istio's root namespace: its control plane runs without sidecars by design, so it is not badged for lacking one. */
  istioNamespace: string;
  /** What the refusing proxies' logs say of the answers' 401s and 403s; without it no refusal is confirmed. */
  denials?: DenialEvidence;
}

export interface BuiltGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

interface Direction {
  rps: number;
  errorRps: number;
  bps: number;
  /** Requests by protocol and code, for health: a few per node, so an array searched in place. */
  codes: CodeRate[];
}

const newDirection = (): Direction => ({ rps: 0, errorRps: 0, bps: 0, codes: [] });
const NO_TRAFFIC: Readonly<Direction> = newDirection();

function addTo(d: Direction, e: EdgeTally): void {
  d.bps += e.bps;
  if (e.protocol === 'tcp') return;
  d.rps += e.rps;
  d.errorRps += e.errorRps;
  rates: for (const r of e.rates) {
    for (const c of d.codes) {
      if (c.code === r.code && c.protocol === e.protocol) {
        c.rps += r.rps;
        continue rates;
      }
    }
    d.codes.push({ protocol: e.protocol, code: r.code, rps: r.rps });
  }
}

function addBadge(badges: GraphBadge[], badge: GraphBadge): void {
  if (!badges.includes(badge)) badges.push(badge);
}

function nodeBadges(
  identity: NodeIdentity,
  workloads: WorkloadModel[] | null,
  features: ReadonlySet<GraphBadge> | undefined,
  istioNamespace: string,
): GraphBadge[] {
  const badges: GraphBadge[] = [];
  if (features) for (const b of features) badges.push(b);
  if (workloads) {
    let pods = 0;
    let gateway = false;
    let sidecarMissing = false;
    for (const w of workloads) {
      pods += w.pods.length;
      gateway ||= w.isGateway;
      // The lists' rule, so a workload the list does not warn about is not badged here either.
      sidecarMissing ||= !w.hasSidecar && sidecarExemption(w, istioNamespace) === null;
    }
    if (pods === 0) addBadge(badges, 'dead');
    if (gateway) addBadge(badges, 'gateway');
    else if (sidecarMissing) addBadge(badges, 'missing-sidecar');
  }
  if (identity.service === PASSTHROUGH) addBadge(badges, 'passthrough');
  if (identity.service === BLACKHOLE) addBadge(badges, 'blackhole');
  return badges;
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
function responseCodesOf(rates: readonly FlaggedRate[]): GraphEdge['responseCodes'] {
  const out: GraphEdge['responseCodes'] = codeRecord();
  for (const r of rates) {
    const c = (out[r.code] ??= { rps: 0, flags: {} as Record<string, number> });
    const flags: Record<string, number> = c.flags;
    c.rps += r.rps;
    flags[r.flags] = (flags[r.flags] ?? 0) + r.rps;
  }
  for (const code in out) {
    const c = out[code]!;
    const flags: Record<string, number> = c.flags;
    c.rps = sig(c.rps);
    for (const f in flags) flags[f] = sig(flags[f]!);
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
    tls: tlsOf(e),
    responseCodes: responseCodesOf(e.rates),
  };
  const denied = deniedOf(e.denied);
  if (denied) edge.denied = denied;
  if (e.bps > 0) edge.bps = sig(e.bps);
  for (const stat of latencyStat.options) {
    const l = e.latency[stat];
    if (l && l.weight > 0) edge[stat] = sig(l.sum / l.weight);
  }
  return edge;
}

/**
 * The names of an identity that it has. Written out rather than spread: a spread of identities of several shapes made
 * dictionary-mode nodes, kilobytes each.
 */
function copyNames(from: NodeIdentity, to: GraphNode): void {
  if (from.app !== undefined) to.app = from.app;
  if (from.version !== undefined) to.version = from.version;
  if (from.workload !== undefined) to.workload = from.workload;
  if (from.service !== undefined) to.service = from.service;
  if (from.hosts !== undefined) to.hosts = from.hosts;
  if (from.aggregate !== undefined) to.aggregate = from.aggregate;
  if (from.aggregateValue !== undefined) to.aggregateValue = from.aggregateValue;
}

export function buildGraph(input: BuildGraphInput): BuiltGraph {
  const operationNodes = input.operationNodes ?? false;
  const raws = collectRawEdges(input.answers, { operations: operationNodes });
  let set: EdgeSet = buildEdgeSet(raws, {
    graphType: input.graphType,
    injectServiceNodes: input.injectServiceNodes,
    operationNodes,
    serviceEntries: input.topology.serviceEntries,
    denials: input.denials,
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
  const workloadsOf = new NodeWorkloads(input.topology.workloads);
  for (const [id, { identity, isInjected }] of set.nodes) {
    const workloads = workloadsOf.of(identity);
    const own =
      identity.nodeType === 'service'
        ? input.topology.features.get(serviceHost(identity.namespace, identity.service ?? ''))
        : reachedFeatures.get(id);
    const badges = nodeBadges(identity, workloads, own, input.istioNamespace);
    if (idle.has(id)) badges.push('idle');
    const inDir = inbound.get(id) ?? NO_TRAFFIC;
    const outDir = outbound.get(id) ?? NO_TRAFFIC;
    const hasTraffic = inDir.codes.length > 0 || outDir.codes.length > 0;
    const node: GraphNode = {
      id,
      nodeType: identity.nodeType,
      cluster: identity.cluster,
      namespace: identity.namespace,
      hasSidecar: workloads
        ? workloads.length > 0 && workloads.every((w) => w.hasSidecar || w.isGateway)
        : identity.nodeType !== 'unknown',
      health:
        identity.nodeType === 'unknown' || (!hasTraffic && !workloads?.length)
          ? null
          : healthOf(
              computeStatus({
                traffic: {
                  inbound: inDir.codes,
                  // A service's health is its inbound requests only (Kiali); so is an operation's.
                  outbound: identity.nodeType === 'service' || identity.nodeType === 'aggregate' ? [] : outDir.codes,
                },
                replicas: workloads ? workloads.map((w) => w.replicas) : [],
                tolerances: input.tolerances,
              }),
              null, // the node's traffic says it, per direction
            ),
      badges,
      traffic: {
        inbound: { rps: sig(inDir.rps), errorRatio: ratio(inDir.errorRps, inDir.rps), bps: sig(inDir.bps) },
        outbound: { rps: sig(outDir.rps), errorRatio: ratio(outDir.errorRps, outDir.rps), bps: sig(outDir.bps) },
      },
    };
    copyNames(identity, node);
    const findings =
      input.topology.findings &&
      findingsOfNode(
        identity,
        workloads,
        input.topology.findings,
        identity.nodeType === 'service'
          ? input.topology.gatewaysOfService?.get(`${identity.namespace}/${identity.service}`)
          : undefined,
      );
    if (findings) {
      node.validation = findings;
      node.badges.push(findings.errors > 0 ? 'config-error' : 'config-warning');
    }
    if (isInjected) node.isInjected = true;
    if (!inbound.has(id) && outbound.has(id)) node.isRoot = true;
    if (asked.size > 0 && identity.nodeType !== 'unknown' && !asked.has(identity.namespace)) node.isOutside = true;
    nodes.push(node);
  }
  const edges: GraphEdge[] = [];
  for (const e of set.edges.values()) edges.push(toEdge(e, outbound.get(e.source)));
  settleTls(edges, nodes);
  return { nodes, edges };
}
