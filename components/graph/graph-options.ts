import type { GraphType, LatencyStat } from '@/lib/api/graph';
import type { EdgeLabelMode } from '@/lib/graph-labels';
import type { LayoutName } from './graph-canvas';

// What the toolbar sets. The graph type lives in the URL (a link opens the same graph); the rest is the page's state.

export interface GraphOptions {
  edgeLabels: EdgeLabelMode;
  latency: LatencyStat;
  layout: LayoutName;
  includeIdle: boolean;
  injectServiceNodes: boolean;
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
  appBoxes: true,
  securityBadges: false,
  animation: false,
  compareOffset: '',
  grouping: 'auto',
  renderer: 'auto',
  path: false,
  miniMap: true,
};

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
