import type { GraphEdge, GraphNode, LatencyStat } from '../../../lib/api/graph.js';
import { formatDuration, formatPercent, formatRps, formatSpan } from '../../../lib/format.js';

// What the graph writes on its nodes and edges, and in its side panel and table: one wording everywhere.

export const EDGE_LABEL_MODES = ['none', 'rate', 'share', 'error', 'responseTime', 'throughput', 'security'] as const;
export type EdgeLabelMode = (typeof EDGE_LABEL_MODES)[number];

export const EDGE_LABEL_NAMES: Record<EdgeLabelMode, string> = {
  none: 'No edge labels',
  rate: 'Request rate',
  share: 'Request distribution',
  error: 'Error %',
  responseTime: 'Response time',
  throughput: 'Throughput',
  security: 'Security (mTLS)',
};

export const LATENCY_NAMES: Record<LatencyStat, string> = { p50: 'p50', p95: 'p95', p99: 'p99', mean: 'mean' };

/**
 * Kiali's operation node: nodeType 'aggregate' from the server, told apart from the page's own namespace and app groups
 * (also 'aggregate') by the label it aggregates.
 */
export const isOperationNode = (node: Pick<GraphNode, 'nodeType' | 'aggregate'>): boolean =>
  node.nodeType === 'aggregate' && node.aggregate === 'request_operation';

/**
 * The name a person knows a node by: `sa-logic v2`, `reviews`, `istio-ingressgateway`, `api.example.com`, an
 * operation's value (`/sentiment`, `/synthetic.CartApi/Get`).
 */
export function nodeName(node: GraphNode): string {
  if (isOperationNode(node)) return node.aggregateValue ?? node.id;
  if (node.nodeType === 'aggregate') return node.app ?? node.namespace;
  if (node.nodeType === 'app') return node.version ? `${node.app ?? node.id} ${node.version}` : (node.app ?? node.id);
  if (node.nodeType === 'workload') return node.workload ?? node.app ?? node.id;
  if (node.nodeType === 'service') return node.service ?? node.id;
  if (node.nodeType === 'serviceEntry') return node.hosts?.[0] ?? node.service ?? node.id;
  return node.workload ?? node.service ?? 'unknown';
}

export const NODE_TYPE_NAMES: Record<GraphNode['nodeType'], string> = {
  app: 'App',
  workload: 'Workload',
  service: 'Service',
  serviceEntry: 'Service entry',
  unknown: 'Unknown source',
  aggregate: 'Group',
};

/** What kind of node it is, in words: NODE_TYPE_NAMES, with operation nodes named as such. */
export function nodeTypeName(node: Pick<GraphNode, 'nodeType' | 'aggregate'>): string {
  return isOperationNode(node) ? 'Operation' : NODE_TYPE_NAMES[node.nodeType];
}

export function formatBytesPerSecond(bps: number): string {
  if (bps === 0) return '0 B/s';
  if (bps < 1024) return `${bps.toFixed(0)} B/s`;
  if (bps < 1024 ** 2) return `${(bps / 1024).toFixed(1)} KiB/s`;
  return `${(bps / 1024 ** 2).toFixed(1)} MiB/s`;
}

/** The traffic an edge carries in its own unit: requests for HTTP and gRPC, bytes for TCP. */
export function edgeRate(edge: Pick<GraphEdge, 'protocol' | 'rps' | 'bps'>): string {
  return edge.protocol === 'tcp' ? formatBytesPerSecond(edge.bps ?? 0) : formatRps(edge.rps);
}

export function mtlsText(ratio: number | null): string {
  if (ratio === null) return 'not reported';
  if (ratio >= 0.995) return 'mTLS';
  if (ratio === 0) return 'plain text';
  return `mTLS on ${formatPercent(ratio)}`;
}

/** How the edge's servers received it, in words (the security label and the side panel). */
export function tlsText(edge: Pick<GraphEdge, 'tls' | 'mtlsRatio'>): string {
  switch (edge.tls) {
    case 'mutual':
      return 'mTLS';
    case 'plaintext':
      return 'plaintext (accepted: not STRICT)';
    case 'mixed':
      return mtlsText(edge.mtlsRatio);
    case 'no-sidecar':
      return 'plaintext, no sidecar';
    case 'unknown':
      return 'not reported';
  }
}

/** The denied requests in a few words: "2/s denied". */
export function deniedText(edge: Pick<GraphEdge, 'denied'>): string {
  const d = edge.denied;
  return d ? `${formatRps(d.rbac + d.jwt)} denied` : '';
}

export function edgeLabel(edge: GraphEdge, mode: EdgeLabelMode, latency: LatencyStat): string {
  switch (mode) {
    case 'none':
      return '';
    case 'rate':
      return edgeRate(edge);
    case 'share':
      return edge.protocol === 'tcp' ? '' : formatPercent(edge.share);
    case 'error':
      return edge.errorRatio > 0 ? formatPercent(edge.errorRatio) : '';
    case 'responseTime':
      return edge[latency] === undefined ? '' : formatDuration(edge[latency]);
    case 'throughput':
      return edge.bps === undefined ? '' : formatBytesPerSecond(edge.bps);
    case 'security':
      // Words, not a lock emoji: Debian's Chromium has no emoji font and would draw a box.
      return [edge.tls === 'unknown' ? '' : tlsText(edge), deniedText(edge)].filter(Boolean).join(' · ');
  }
}

/** What a figure averaged over the window is labelled with, in the side panel and in its charts: "5 min avg". */
export function windowAverageLabel(windowSeconds: number): string {
  return `${formatSpan(windowSeconds)} avg`;
}
