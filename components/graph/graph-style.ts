import type { StylesheetJson } from 'cytoscape';

// The graph's look. Shapes tell node types apart (as in Kiali: app square, workload circle, service triangle,
// service entry diamond), the border tells health, dashed borders mark outsiders; the legend draws the same.

export const COLORS = {
  healthy: '#16a34a',
  degraded: '#f59e0b',
  failure: '#dc2626',
  idle: '#94a3b8',
  tcp: '#2563eb',
  node: '#ffffff',
  text: '#0f172a',
  found: '#a855f7',
  selected: '#0284c7',
  compareNew: '#059669',
  compareRemoved: '#64748b',
  // Requests the mesh's security refused: a colour of their own, not the red of errors.
  denied: '#7c3aed',
  plaintext: '#b45309',
} as const;

/** The dash of a denied edge, on the canvas and in the legend. */
export const DENIED_DASH = [6, 3] as const;

export const NODE_SHAPES = {
  app: 'round-rectangle',
  workload: 'ellipse',
  service: 'triangle',
  serviceEntry: 'diamond',
  unknown: 'hexagon',
  aggregate: 'round-octagon',
  // Kiali's operation nodes (request_operation), a class of their own (see graph-elements.ts)
  operation: 'round-tag',
} as const;

export const graphStyle: StylesheetJson = [
  {
    selector: 'node',
    style: {
      width: 34,
      height: 34,
      'background-color': COLORS.node,
      'border-width': 2,
      'border-color': COLORS.idle,
      label: 'data(label)',
      'font-size': 10,
      'font-family': 'DejaVu Sans, Helvetica, Arial, sans-serif',
      color: COLORS.text,
      'text-valign': 'bottom',
      'text-halign': 'center',
      'text-margin-y': 4,
      'text-wrap': 'wrap',
      'text-max-width': '120px',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.8,
      'text-background-padding': '1px',
      'min-zoomed-font-size': 6,
    },
  },
  ...Object.entries(NODE_SHAPES).map(([type, shape]) => ({ selector: `node.${type}`, style: { shape } })),
  { selector: 'node.service', style: { width: 30, height: 26 } },
  { selector: 'node.operation', style: { width: 40, height: 24, 'background-color': '#ede9fe' } },
  {
    selector: 'node.aggregate',
    style: { width: 50, height: 50, 'background-color': '#f1f5f9', 'font-weight': 'bold' },
  },
  { selector: 'node.health-Healthy', style: { 'border-color': COLORS.healthy } },
  { selector: 'node.health-Degraded', style: { 'border-color': COLORS.degraded, 'border-width': 3 } },
  { selector: 'node.health-Failure', style: { 'border-color': COLORS.failure, 'border-width': 4 } },
  { selector: 'node.health-NotReady', style: { 'border-color': COLORS.idle, 'border-style': 'dotted' } },
  { selector: 'node.outside', style: { 'border-style': 'dashed', 'background-color': '#f8fafc', color: '#475569' } },
  { selector: 'node.root', style: { 'border-width': 5, 'border-style': 'double' } },
  { selector: 'node.idle', style: { opacity: 0.55 } },
  { selector: 'node.no-sidecar', style: { 'background-color': '#fef3c7' } },
  { selector: 'node.dead', style: { 'background-color': '#e2e8f0' } },
  // A canary's badge is a line of the label (canary-badges.ts); its background says how the run stands.
  { selector: 'node.canary', style: { 'text-background-color': '#fef3c7', 'text-background-opacity': 1 } },
  { selector: 'node.canary-promoted', style: { 'text-background-color': '#dcfce7' } },
  { selector: 'node.canary-rolledBack, node.canary-aborted', style: { 'text-background-color': '#fee2e2' } },
  {
    selector: 'node.box',
    style: {
      shape: 'round-rectangle',
      'background-color': '#f1f5f9',
      'background-opacity': 0.6,
      'border-width': 1,
      'border-color': '#64748b',
      'border-style': 'solid',
      'text-valign': 'top',
      'text-margin-y': -2,
      'font-weight': 'bold',
      padding: '10px',
    },
  },
  {
    selector: 'edge',
    style: {
      width: 'data(width)',
      'curve-style': 'bezier',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.8,
      'line-color': COLORS.healthy,
      'target-arrow-color': COLORS.healthy,
      label: 'data(label)',
      'font-size': 9,
      'font-family': 'DejaVu Sans, Helvetica, Arial, sans-serif',
      'text-rotation': 'autorotate',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': '1px',
      'min-zoomed-font-size': 6,
      'font-weight': 'normal',
    },
  },
  { selector: 'edge.degraded', style: { 'line-color': COLORS.degraded, 'target-arrow-color': COLORS.degraded } },
  { selector: 'edge.failure', style: { 'line-color': COLORS.failure, 'target-arrow-color': COLORS.failure } },
  {
    selector: 'edge.idle',
    style: { 'line-color': COLORS.idle, 'target-arrow-color': COLORS.idle, 'line-style': 'dotted' },
  },
  { selector: 'edge.tcp', style: { 'line-color': COLORS.tcp, 'target-arrow-color': COLORS.tcp } },
  {
    selector: 'edge.denied',
    style: {
      'line-color': COLORS.denied,
      'target-arrow-color': COLORS.denied,
      'target-arrow-shape': 'tee',
      'line-style': 'dashed',
      'line-dash-pattern': [...DENIED_DASH],
      color: COLORS.denied,
    },
  },
  { selector: 'edge.plaintext', style: { color: COLORS.plaintext } },
  {
    selector: 'edge.cmp-new',
    style: { 'line-color': COLORS.compareNew, 'target-arrow-color': COLORS.compareNew, color: COLORS.compareNew },
  },
  {
    selector: 'edge.cmp-removed',
    style: {
      'line-color': COLORS.compareRemoved,
      'target-arrow-color': COLORS.compareRemoved,
      'line-style': 'dashed',
      opacity: 0.7,
    },
  },
  { selector: 'edge.cmp-up', style: { 'font-weight': 'bold' } },
  { selector: 'edge.cmp-err-up', style: { color: COLORS.failure, 'font-weight': 'bold' } },
  { selector: 'edge.cmp-err-down', style: { color: COLORS.healthy } },
  { selector: '.found', style: { 'overlay-color': COLORS.found, 'overlay-opacity': 0.35, 'overlay-padding': 6 } },
  { selector: '.dimmed', style: { opacity: 0.15 } },
  {
    selector: '.selected',
    style: { 'overlay-color': COLORS.selected, 'overlay-opacity': 0.3, 'overlay-padding': 8, 'z-index': 10 },
  },
];

// Zoomed out this far, an arrowhead is two or three pixels and costs a fifth of a 1,000-node frame: draw none.
export const ARROWS_BELOW_ZOOM = 0.35;

// Labels are sized in model units and shrink with the zoom: a whole graph fitted in view drew its node names at about
// 7 px (issue 13, item 8). Below this many pixels on screen the labels grow back, in steps so that zooming restyles
// the graph a few times rather than on every frame, up to MAX_LABEL_SCALE; further out they shrink until
// min-zoomed-font-size hides them, as the details are then unreadable anyway.
export const MIN_LABEL_SCREEN_PX = 12;
const NODE_FONT = 11;
const EDGE_FONT = 10;
const LABEL_STEPS = [1, 1.25, 1.5, 1.75, 2, 2.5];

/** The label scale for a zoom: the smallest step that draws node labels at MIN_LABEL_SCREEN_PX or more. */
export function labelScaleFor(zoom: number): number {
  return LABEL_STEPS.find((step) => NODE_FONT * step * zoom >= MIN_LABEL_SCREEN_PX) ?? LABEL_STEPS.at(-1)!;
}

/** The stylesheet for a zoom: arrows or none, labels scaled by labelScaleFor. */
export function graphStyleFor({ arrows, labelScale }: { arrows: boolean; labelScale: number }): StylesheetJson {
  const scaled = (px: number) => Math.round(px * labelScale * 10) / 10;
  return [
    ...graphStyle,
    {
      selector: 'node',
      style: {
        'font-size': scaled(NODE_FONT),
        'text-max-width': `${scaled(120)}px`,
        'text-margin-y': scaled(4),
      },
    },
    { selector: 'node.box', style: { 'text-margin-y': -scaled(2) } },
    { selector: 'edge', style: { 'font-size': scaled(EDGE_FONT) } },
    ...(arrows ? [] : [{ selector: 'edge', style: { 'target-arrow-shape': 'none' } }]),
  ] as StylesheetJson;
}
