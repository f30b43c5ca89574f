// Workload-level edges → edges of the chosen graph: each raw edge becomes one edge (caller → callee), or two with a
// service node injected between them, and edges that land on the same pair of nodes add up.
import { edgeId, type GraphType, type LatencyStat } from '../../lib/api/graph.js';
import { chosenReporter, type CodeTally, type RawEdge } from './edge-traffic.js';
import {
  BLACKHOLE,
  PASSTHROUGH,
  destinationNode,
  serviceNode,
  sourceNode,
  type NodeIdentity,
  type ServiceEntryRef,
} from './node-identity.js';

export interface EdgeTally {
  id: string;
  source: string;
  target: string;
  protocol: 'http' | 'grpc' | 'tcp';
  rps: number;
  errorRps: number;
  http4xxRps: number;
  http5xxRps: number;
  codes: Map<string, CodeTally>;
  mtls: number; // mTLS rps (or TCP bytes) seen by servers
  mtlsBase: number; // all rps (or TCP bytes) seen by servers
  bps: number;
  tcpClosed: number;
  tcpClosedFailed: number;
  // Latency: Σ value × weight and Σ weight per statistic (weights are the raw edges' request rates).
  latency: Map<LatencyStat, { sum: number; weight: number }>;
  /** Hosts the requests were sent to, for service badges when no service node is injected. */
  serviceHosts: Set<string>;
}

export interface NodeTally {
  identity: NodeIdentity;
  isInjected: boolean;
}

export interface EdgeSet {
  nodes: Map<string, NodeTally>;
  edges: Map<string, EdgeTally>;
}

export function nodeOf(set: EdgeSet, identity: NodeIdentity, isInjected = false): string {
  const found = set.nodes.get(identity.id);
  if (!found) set.nodes.set(identity.id, { identity, isInjected });
  else if (!isInjected) found.isInjected = false; // a service someone also reaches directly is a real node
  return identity.id;
}

export function edgeOf(set: EdgeSet, source: string, target: string, protocol: EdgeTally['protocol']): EdgeTally {
  const id = edgeId(source, target, protocol);
  let e = set.edges.get(id);
  if (!e) {
    e = {
      id,
      source,
      target,
      protocol,
      rps: 0,
      errorRps: 0,
      http4xxRps: 0,
      http5xxRps: 0,
      codes: new Map(),
      mtls: 0,
      mtlsBase: 0,
      bps: 0,
      tcpClosed: 0,
      tcpClosedFailed: 0,
      latency: new Map(),
      serviceHosts: new Set(),
    };
    set.edges.set(id, e);
  }
  return e;
}

function mergeCodes(into: Map<string, CodeTally>, from: Map<string, CodeTally>): void {
  for (const [code, tally] of from) {
    let c = into.get(code);
    if (!c) into.set(code, (c = { rps: 0, flags: new Map() }));
    c.rps += tally.rps;
    for (const [flag, rps] of tally.flags) c.flags.set(flag, (c.flags.get(flag) ?? 0) + rps);
  }
}

/** Adds the figures of one graph edge to another (edges that land on the same pair of nodes). */
export function mergeEdge(into: EdgeTally, from: EdgeTally): void {
  into.rps += from.rps;
  into.errorRps += from.errorRps;
  into.http4xxRps += from.http4xxRps;
  into.http5xxRps += from.http5xxRps;
  mergeCodes(into.codes, from.codes);
  into.mtls += from.mtls;
  into.mtlsBase += from.mtlsBase;
  into.bps += from.bps;
  into.tcpClosed += from.tcpClosed;
  into.tcpClosedFailed += from.tcpClosedFailed;
  for (const [stat, l] of from.latency) {
    const to = into.latency.get(stat);
    if (!to) into.latency.set(stat, { ...l });
    else {
      to.sum += l.sum;
      to.weight += l.weight;
    }
  }
  for (const h of from.serviceHosts) into.serviceHosts.add(h);
}

/** Adds one raw edge's chosen figures to a graph edge. */
function addRaw(edge: EdgeTally, raw: RawEdge): void {
  const reporter = chosenReporter(raw);
  const view = raw[reporter]!;
  const req = view.requests;
  edge.rps += req.rps;
  edge.errorRps += req.errorRps;
  edge.http4xxRps += req.http4xxRps;
  edge.http5xxRps += req.http5xxRps;
  mergeCodes(edge.codes, req.codes);
  edge.bps += edge.protocol === 'tcp' ? view.bytes.tcpBytes : view.bytes.httpBytes;
  edge.tcpClosed += view.bytes.tcpClosed;
  edge.tcpClosedFailed += view.bytes.tcpClosedFailed;
  if (raw.destination) {
    const d = raw.destination;
    if (edge.protocol === 'tcp') {
      edge.mtls += d.mtlsBytes;
      edge.mtlsBase += d.bytes.tcpBytes;
    } else {
      edge.mtls += d.mtlsRps;
      edge.mtlsBase += d.requests.rps;
    }
  }
  // The latency the caller saw when its proxy reported it, else the server's.
  const stats =
    raw.latency[reporter].size > 0
      ? raw.latency[reporter]
      : raw.latency[reporter === 'source' ? 'destination' : 'source'];
  for (const [stat, value] of stats) {
    const weight = req.rps > 0 ? req.rps : 1;
    let l = edge.latency.get(stat as LatencyStat);
    if (!l) edge.latency.set(stat as LatencyStat, (l = { sum: 0, weight: 0 }));
    l.sum += value * weight;
    l.weight += weight;
  }
  if (raw.series.service.host) edge.serviceHosts.add(raw.series.service.host);
}

export interface EdgeSetOptions {
  graphType: GraphType;
  injectServiceNodes: boolean;
  serviceEntries: readonly ServiceEntryRef[];
}

export function buildEdgeSet(raws: Iterable<RawEdge>, options: EdgeSetOptions): EdgeSet {
  const set: EdgeSet = { nodes: new Map(), edges: new Map() };
  // A service graph starts as a workload graph with every service drawn, then folds workloads into services.
  const identityType = options.graphType === 'service' ? 'workload' : options.graphType;
  const inject = options.injectServiceNodes || options.graphType === 'service';
  for (const raw of raws) {
    const s = raw.series;
    const src = sourceNode(s.source, identityType);
    const dst = destinationNode(s.destination, s.service, s.source, identityType, options.serviceEntries);
    const srcId = nodeOf(set, src);
    const dstId = nodeOf(set, dst);
    const svcName = s.service.name;
    const injectable =
      inject &&
      dst.nodeType !== 'service' &&
      dst.nodeType !== 'serviceEntry' &&
      svcName !== null &&
      svcName !== PASSTHROUGH &&
      svcName !== BLACKHOLE &&
      s.service.namespace !== null;
    if (injectable) {
      const svcId = nodeOf(set, serviceNode(dst.cluster, s.service.namespace!, svcName), true);
      addRaw(edgeOf(set, srcId, svcId, s.protocol), raw);
      addRaw(edgeOf(set, svcId, dstId, s.protocol), raw);
    } else {
      addRaw(edgeOf(set, srcId, dstId, s.protocol), raw);
    }
  }
  return set;
}
