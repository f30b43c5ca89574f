import type { GraphBadge, GraphEdge, GraphNode, GraphResponse, LatencyStat } from '../../../lib/api/graph.js';
import { deniedText, edgeLabel, isOperationNode, nodeName, type EdgeLabelMode } from './graph-labels.js';

// The graph as cytoscape element definitions (plain data, no cytoscape import): what each node and edge shows and the
// classes the stylesheet (components/graph/graph-style.ts) colours. Linear in the graph's size.

export interface ElementDef {
  group: 'nodes' | 'edges';
  data: { id: string; label: string; parent?: string; source?: string; target?: string; [key: string]: unknown };
  classes: string;
}

export interface ElementOptions {
  edgeLabels: EdgeLabelMode;
  latency: LatencyStat;
  /** Versions of one app drawn inside a box named after the app. */
  appBoxes: boolean;
  securityBadges: boolean;
  /** Members per aggregate node, for its label. */
  members?: Map<string, number>;
  removedEdges?: GraphResponse['removedEdges'];
}

// Glyphs DejaVu Sans has (Debian's Chromium has no emoji font); the legend names each one.
export const BADGE_GLYPHS: Partial<Record<GraphBadge, string>> = {
  'virtual-service': '⇄',
  'traffic-shifting': '⇆',
  'circuit-breaker': '⚡',
  'fault-injection': '⚠',
  mirroring: '❖',
  'request-timeout': '☉',
  'missing-sidecar': '⊘',
  dead: '☠',
  gateway: '⚑',
  passthrough: '⤳',
  blackhole: '∅',
  'config-error': '✖',
  'config-warning': '‼',
};

export const boxId = (namespace: string, app: string) => `box:${namespace}/${app}`;

/** Kiali's edge colours: red from 20% errors, orange from 0.1%, grey when idle, blue for TCP. */
export function edgeHealthClass(edge: Pick<GraphEdge, 'protocol' | 'rps' | 'bps' | 'errorRatio'>): string {
  if (edge.protocol === 'tcp') return (edge.bps ?? 0) > 0 ? 'tcp' : 'idle';
  if (edge.rps === 0) return 'idle';
  if (edge.errorRatio >= 0.2) return 'failure';
  if (edge.errorRatio > 0.001) return 'degraded';
  return 'healthy';
}

function compareText(edge: GraphEdge): { classes: string[]; delta: string } {
  if (edge.compare === undefined) return { classes: [], delta: '' };
  if (edge.compare === null) return { classes: ['cmp-new'], delta: 'new' };
  const classes: string[] = [];
  const before = edge.compare.rps;
  let delta = '';
  if (before > 0) {
    const change = (edge.rps - before) / before;
    if (change > 0.2) classes.push('cmp-up');
    if (change < -0.2) classes.push('cmp-down');
    if (Math.abs(change) >= 0.05) delta = `${change > 0 ? '+' : ''}${(change * 100).toFixed(0)}%`;
  }
  const errorDelta = edge.errorRatio - edge.compare.errorRatio;
  if (errorDelta > 0.01) classes.push('cmp-err-up');
  if (errorDelta < -0.01) classes.push('cmp-err-down');
  if (Math.abs(errorDelta) > 0.01) delta += ` err ${errorDelta > 0 ? '+' : ''}${(errorDelta * 100).toFixed(1)}pt`;
  return { classes, delta: delta.trim() };
}

function nodeClasses(node: GraphNode): string {
  // Operation nodes get their own class: 'aggregate' styles the page's namespace and app groups.
  const classes = [
    isOperationNode(node) ? 'operation' : node.nodeType,
    `health-${(node.health?.status ?? 'NA').replace(' ', '')}`,
  ];
  if (node.isOutside) classes.push('outside');
  if (node.isRoot) classes.push('root');
  if (node.isInjected) classes.push('injected');
  if (node.badges.includes('idle')) classes.push('idle');
  if (node.badges.includes('dead')) classes.push('dead');
  if (!node.hasSidecar && node.nodeType !== 'unknown' && node.nodeType !== 'serviceEntry') classes.push('no-sidecar');
  return classes.join(' ');
}

export function graphElements(nodes: GraphNode[], edges: GraphEdge[], options: ElementOptions): ElementDef[] {
  const out: ElementDef[] = [];
  const boxes = new Set<string>();
  const ids = new Set<string>();
  for (const node of nodes) {
    ids.add(node.id);
    const inBox = options.appBoxes && node.nodeType === 'app' && node.app !== undefined && node.version !== undefined;
    let parent: string | undefined;
    if (inBox) {
      parent = boxId(node.namespace, node.app!);
      if (!boxes.has(parent)) {
        boxes.add(parent);
        out.push({ group: 'nodes', data: { id: parent, label: node.app!, box: true }, classes: 'box' });
      }
    }
    const glyphs = node.badges.map((b) => BADGE_GLYPHS[b] ?? '').join('');
    const members = options.members?.get(node.id);
    let label = inBox ? node.version! : nodeName(node).replace(' ', '\n');
    if (members !== undefined) label = `${nodeName(node)}\n${members} ${members === 1 ? 'node' : 'nodes'}`;
    if (node.isOutside && node.nodeType !== 'aggregate') label += `\n(${node.namespace})`;
    if (glyphs) label += `\n${glyphs}`;
    out.push({
      group: 'nodes',
      data: { id: node.id, label, ...(parent ? { parent } : {}) },
      classes: nodeClasses(node),
    });
  }
  for (const edge of edges) {
    const { classes: compareClasses, delta } = compareText(edge);
    let label = edgeLabel(edge, options.edgeLabels, options.latency);
    if (delta) label = label ? `${label} (${delta})` : delta;
    const classes = [edge.protocol, edgeHealthClass(edge), ...compareClasses];
    const mtls = options.securityBadges && (edge.mtlsRatio ?? 0) > 0;
    if (mtls) classes.push('mtls');
    // The badge goes in the edge's own label, in the middle of the edge (as Kiali puts its lock there): at the source
    // end, the badges of edges that leave one node all sit on top of each other.
    if (mtls && options.edgeLabels !== 'security') label = label ? `mTLS · ${label}` : 'mTLS';
    // Plaintext the servers took is a security fact too: said where mTLS would be.
    const plain = edge.tls === 'plaintext' || edge.tls === 'no-sidecar';
    if (options.securityBadges && plain) {
      classes.push('plaintext');
      if (options.edgeLabels !== 'security') label = label ? `plaintext · ${label}` : 'plaintext';
    }
    // Refused requests are drawn apart from errors whatever the labels show (see denial-evidence.ts).
    if (edge.denied) {
      classes.push('denied');
      if (options.edgeLabels !== 'security') label = label ? `${label} · ${deniedText(edge)}` : deniedText(edge);
    }
    out.push({
      group: 'edges',
      data: {
        id: edge.id,
        source: edge.source,
        target: edge.target,
        label,
        // Width grows with the log of the rate: 0.1 rps and 1,000 rps stay distinguishable without a 50px edge.
        width: 1.5 + Math.min(4, Math.log10(1 + edge.rps)),
      },
      classes: classes.join(' '),
    });
  }
  for (const removed of options.removedEdges ?? []) {
    if (!ids.has(removed.source) || !ids.has(removed.target)) continue;
    out.push({
      group: 'edges',
      data: {
        id: `removed:${removed.id}`,
        source: removed.source,
        target: removed.target,
        label: 'removed',
        width: 1.5,
      },
      classes: 'cmp-removed',
    });
  }
  return out;
}
