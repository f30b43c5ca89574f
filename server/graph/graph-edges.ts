// Workload-level edges → edges of the chosen graph: each raw edge becomes one edge (caller → callee), or two with a
// service node injected between them, and edges that land on the same pair of nodes add up.
import { edgeId, latencyStat, type GraphType, type LatencyStat } from '../../lib/api/graph.js';
import {
  addFlaggedRate,
  chosenReporter,
  type FlaggedRate,
  type OperationTally,
  type RawEdge,
  type RequestTally,
} from './edge-traffic.js';
import {
  addConfirmed,
  denialKey,
  mergeDenials,
  newDenials,
  refusingProxyOf,
  type DenialEvidence,
  type EdgeDenials,
} from './denial-evidence.js';
import {
  BLACKHOLE,
  PASSTHROUGH,
  destinationNode,
  operationNode,
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
  rates: FlaggedRate[];
  mtls: number; // mTLS rps (or TCP bytes) seen by servers
  mtlsBase: number; // all rps (or TCP bytes) seen by servers
  // rps of raw edges no server proxy reported (a server without a sidecar, a gateway's refusal, outside the mesh)
  noServerProxy: number;
  denied: EdgeDenials | null;
  bps: number;
  tcpClosed: number;
  tcpClosedFailed: number;
  // Latency: Σ value × weight and Σ weight per statistic (weights are the raw edges' request rates).
  latency: Partial<Record<LatencyStat, { sum: number; weight: number }>>;
  /** Hosts the requests were sent to, for service badges when no service node is injected (a few at most). */
  serviceHosts: string[];
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
      rates: [],
      mtls: 0,
      mtlsBase: 0,
      noServerProxy: 0,
      denied: null,
      bps: 0,
      tcpClosed: 0,
      tcpClosedFailed: 0,
      latency: {},
      serviceHosts: [],
    };
    set.edges.set(id, e);
  }
  return e;
}

function mergeRates(into: FlaggedRate[], from: readonly FlaggedRate[]): void {
  for (const r of from) addFlaggedRate(into, r.code, r.flags, r.rps);
}

function addLatency(edge: EdgeTally, stat: LatencyStat, sum: number, weight: number): void {
  const l = (edge.latency[stat] ??= { sum: 0, weight: 0 });
  l.sum += sum;
  l.weight += weight;
}

function addHost(edge: EdgeTally, host: string): void {
  if (!edge.serviceHosts.includes(host)) edge.serviceHosts.push(host);
}

/** Adds the figures of one graph edge to another (edges that land on the same pair of nodes). */
export function mergeEdge(into: EdgeTally, from: EdgeTally): void {
  into.rps += from.rps;
  into.errorRps += from.errorRps;
  into.http4xxRps += from.http4xxRps;
  into.http5xxRps += from.http5xxRps;
  mergeRates(into.rates, from.rates);
  into.mtls += from.mtls;
  into.mtlsBase += from.mtlsBase;
  into.noServerProxy += from.noServerProxy;
  if (from.denied) mergeDenials((into.denied ??= newDenials()), from.denied);
  into.bps += from.bps;
  into.tcpClosed += from.tcpClosed;
  into.tcpClosedFailed += from.tcpClosedFailed;
  for (const stat of latencyStat.options) {
    const l = from.latency[stat];
    if (l) addLatency(into, stat, l.sum, l.weight);
  }
  for (const h of from.serviceHosts) addHost(into, h);
}

/**
 * The refusals of one raw edge that the refusing proxy's log confirms (see denial-evidence.ts). The proxy is read from
 * the labels the refusal's series carry: the raw edge's first series is enough, as every series of it shares them.
 */
function addDenials(edge: EdgeTally, raw: RawEdge, req: RequestTally, evidence: DenialEvidence | undefined): void {
  if (!evidence || evidence.size === 0) return;
  const s = raw.series;
  const proxy = refusingProxyOf({
    response_code: '403',
    reporter: s.destination.workload ? 'destination' : 'source',
    destination_workload_namespace: s.destination.namespace ?? '',
    destination_workload: s.destination.workload ?? '',
    source_workload_namespace: s.source.namespace ?? '',
    source_workload: s.source.workload ?? '',
    destination_service: s.service.host ?? '',
  });
  const found = proxy && evidence.get(denialKey(proxy));
  if (!found) return;
  for (const r of req.rates) {
    if ((r.code !== '401' && r.code !== '403') || r.flags !== '-') continue;
    addConfirmed((edge.denied ??= newDenials()), found, r.code, r.rps);
  }
}

/** Adds one raw edge's chosen figures to a graph edge. */
function addRaw(edge: EdgeTally, raw: RawEdge, evidence?: DenialEvidence): void {
  const reporter = chosenReporter(raw);
  const view = raw[reporter]!;
  const req = view.requests;
  edge.rps += req.rps;
  edge.errorRps += req.errorRps;
  edge.http4xxRps += req.http4xxRps;
  edge.http5xxRps += req.http5xxRps;
  mergeRates(edge.rates, req.rates);
  edge.bps += edge.protocol === 'tcp' ? view.bytes.tcpBytes : view.bytes.httpBytes;
  edge.tcpClosed += view.bytes.tcpClosed;
  edge.tcpClosedFailed += view.bytes.tcpClosedFailed;
  addDenials(edge, raw, req, evidence);
  if (!raw.destination) edge.noServerProxy += edge.protocol === 'tcp' ? view.bytes.tcpBytes : req.rps;
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
  const stats = raw.latency[reporter] ?? raw.latency[reporter === 'source' ? 'destination' : 'source'];
  if (stats) {
    const weight = req.rps > 0 ? req.rps : 1;
    for (const stat of latencyStat.options) {
      const value = stats[stat];
      if (value !== undefined) addLatency(edge, stat, value * weight, weight);
    }
  }
  if (raw.series.service.host) addHost(edge, raw.series.service.host);
}

/**
 * The operations of a raw edge as its chosen reporter saw them, else as the other one did (a Telemetry may tag only
 * the server's or only the client's metrics); null when neither proxy classified any request.
 */
function operationsOf(raw: RawEdge): OperationTally[] | null {
  const chosen = chosenReporter(raw) === 'source' ? raw.source : raw.destination;
  const other = chosen === raw.source ? raw.destination : raw.source;
  return classified(chosen?.operations) ?? classified(other?.operations);
}

const classified = (ops: OperationTally[] | null | undefined): OperationTally[] | null =>
  ops && (ops.length > 1 || ops[0]!.operation !== '') ? ops : null;

/**
 * Adds the requests of one operation to an edge: rates, errors and codes. mTLS is the raw edge's share (servers may not
 * have classified their requests); bytes and latency are not split by operation (see graph-queries.ts).
 */
function addOperation(edge: EdgeTally, raw: RawEdge, req: RequestTally): void {
  edge.rps += req.rps;
  edge.errorRps += req.errorRps;
  edge.http4xxRps += req.http4xxRps;
  edge.http5xxRps += req.http5xxRps;
  mergeRates(edge.rates, req.rates);
  const d = raw.destination;
  if (d && d.requests.rps > 0) {
    edge.mtls += (req.rps * d.mtlsRps) / d.requests.rps;
    edge.mtlsBase += req.rps;
  }
  if (raw.series.service.host) addHost(edge, raw.series.service.host);
}

export interface EdgeSetOptions {
  graphType: GraphType;
  injectServiceNodes: boolean;
  /** One node per request_operation and service, between callers and the service (Kiali's operation nodes). */
  operationNodes?: boolean;
  serviceEntries: readonly ServiceEntryRef[];
  /** What the refusing proxies' logs say of their 401s and 403s (server/graph/io/load-denial-evidence.ts). */
  denials?: DenialEvidence;
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
    const namedService =
      svcName !== null && svcName !== PASSTHROUGH && svcName !== BLACKHOLE && s.service.namespace !== null;
    const injectable = inject && dst.nodeType !== 'service' && dst.nodeType !== 'serviceEntry' && namedService;
    // What the caller's requests land on: the service node when there is one, else the destination.
    const svcId = injectable ? nodeOf(set, serviceNode(dst.cluster, s.service.namespace!, svcName), true) : dstId;
    const operations = options.operationNodes && namedService && s.protocol !== 'tcp' ? operationsOf(raw) : null;
    if (operations) {
      for (const op of operations) {
        if (op.operation === '') {
          addOperation(edgeOf(set, srcId, svcId, s.protocol), raw, op.requests);
          continue;
        }
        const opNode = operationNode(dst.cluster, s.service.namespace!, svcName!, op.operation);
        const opId = nodeOf(set, opNode, true);
        addOperation(edgeOf(set, srcId, opId, s.protocol), raw, op.requests);
        addOperation(edgeOf(set, opId, svcId, s.protocol), raw, op.requests);
      }
    } else addRaw(edgeOf(set, srcId, svcId, s.protocol), raw, options.denials);
    if (injectable) addRaw(edgeOf(set, svcId, dstId, s.protocol), raw, options.denials);
  }
  return set;
}
