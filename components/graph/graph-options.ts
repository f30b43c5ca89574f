import type { GraphType } from '@/lib/api/graph';

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
// cytoscape's cose runs on the main thread: past this many nodes it freezes the page for seconds.
export const COSE_SLOW_ABOVE_NODES = 400;
