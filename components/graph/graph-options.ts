import type { GraphType, LatencyStat } from '@/lib/api/graph';
import { EDGE_LABEL_MODES, type EdgeLabelMode } from '@/lib/graph-labels';
import type { LayoutName } from './graph-canvas';

// What the toolbar sets. The graph type lives in the URL (a link opens the same graph); the rest is the page's state.

export interface GraphOptions {
  edgeLabels: EdgeLabelMode;
  latency: LatencyStat;
  layout: LayoutName;
  includeIdle: boolean;
  injectServiceNodes: boolean;
  /** Kiali's operation nodes: kept in the URL (operationNodes=true), since they need a Telemetry to show anything. */
  operationNodes: boolean;
  appBoxes: boolean;
  securityBadges: boolean;
  animation: boolean;
  /** '' = no comparison; otherwise the offset of the earlier window. */
  compareOffset: '' | '10m' | '1h' | '1d';
  grouping: 'auto' | 'on' | 'off';
  renderer: 'auto' | 'canvas' | 'webgl';
  path: boolean;
  miniMap: boolean;
}

export const DEFAULT_OPTIONS: GraphOptions = {
  edgeLabels: 'none',
  latency: 'p95',
  layout: 'dagre',
  includeIdle: false,
  injectServiceNodes: true,
  operationNodes: false,
  appBoxes: true,
  securityBadges: false,
  animation: false,
  compareOffset: '',
  grouping: 'auto',
  renderer: 'auto',
  path: false,
  miniMap: true,
};

/**
 * Options a link (or the browser benchmark) may set before the first render, e.g. `?group=off&renderer=webgl`: a large
 * graph is cheaper to open already filtered than to draw and then change.
 */
export function optionsFromSearch(search: URLSearchParams): GraphOptions {
  const pick = <T extends string>(key: string, allowed: readonly T[], fallback: T): T =>
    allowed.find((v) => v === search.get(key)) ?? fallback;
  const flag = (key: string, fallback: boolean) =>
    search.get(key) === 'true' ? true : search.get(key) === 'false' ? false : fallback;
  return {
    ...DEFAULT_OPTIONS,
    layout: pick('layout', ['dagre', 'cose'], DEFAULT_OPTIONS.layout),
    edgeLabels: pick('edgeLabels', EDGE_LABEL_MODES, DEFAULT_OPTIONS.edgeLabels),
    grouping: pick('group', ['auto', 'on', 'off'], DEFAULT_OPTIONS.grouping),
    renderer: pick('renderer', ['auto', 'canvas', 'webgl'], DEFAULT_OPTIONS.renderer),
    injectServiceNodes: flag('injectServiceNodes', DEFAULT_OPTIONS.injectServiceNodes),
    operationNodes: flag('operationNodes', DEFAULT_OPTIONS.operationNodes),
    includeIdle: flag('includeIdle', DEFAULT_OPTIONS.includeIdle),
  };
}

export const GRAPH_TYPES: { value: GraphType; label: string }[] = [
  { value: 'versionedApp', label: 'Versioned app graph' },
  { value: 'app', label: 'App graph' },
  { value: 'workload', label: 'Workload graph' },
  { value: 'service', label: 'Service graph' },
];

export function parseGraphType(raw: string | null): GraphType {
  return GRAPH_TYPES.find((t) => t.value === raw)?.value ?? 'versionedApp';
}

// Above this many nodes the graph opens grouped by namespace (Kiali's graph becomes unusable around 1,000).
export const GROUP_ABOVE_NODES = 250;
// Above this many elements cytoscape's WebGL renderer draws frames faster than the 2D canvas (bench/graph-browser-bench).
export const WEBGL_ABOVE_ELEMENTS = 600;
// Above this many nodes a mini-map helps find one's way.
export const MINIMAP_ABOVE_NODES = 30;
// cytoscape's cose runs on the main thread: past this many nodes it freezes the page for seconds.
export const COSE_SLOW_ABOVE_NODES = 400;
