// The graph's canvas as a person sees it, read from cytoscape itself (window.__sextantCy): the elements it holds,
// where it draws them on screen, the text and size of their labels, and the canvas' own pixels. Never from the API
// answer or the "graph as a table": those can be right while the canvas is wrong (issue 13, item 1).
import type { Page } from 'playwright-core';

export interface DrawnNode {
  id: string;
  /** The label as cytoscape draws it (after the style's mapping), lines joined by a space. */
  label: string;
  /** The app box the node is drawn in, if any. */
  parent: string | null;
  box: boolean;
  classes: string[];
  /** Centre on the page, in CSS pixels: where a person clicks. */
  x: number;
  y: number;
  /** Height of one line of its label on screen, in CSS pixels. */
  fontPx: number;
  /** Whether the centre is inside the canvas' visible area. */
  inView: boolean;
}

export interface DrawnEdge {
  id: string;
  source: string;
  target: string;
  label: string;
  classes: string[];
  x: number;
  y: number;
  /** Boxes on the page of the texts drawn along the edge (middle, source and target labels), in CSS pixels. */
  labelBoxes: { x1: number; y1: number; x2: number; y2: number }[];
}

export interface DrawnGraph {
  nodes: DrawnNode[];
  edges: DrawnEdge[];
  zoom: number;
  pan: { x: number; y: number };
  /** Whether the last layout finished (data-layout="done" on the canvas). */
  laidOut: boolean;
}

// Plain JavaScript run in the page: a string, so no bundler helper (tsx's __name) leaks into the browser.
const READ_CANVAS = `(() => {
  const cy = window.__sextantCy;
  const container = document.querySelector('[data-testid="graph-canvas"]');
  if (!cy || !container || cy.destroyed()) return null;
  const at = container.getBoundingClientRect();
  const zoom = cy.zoom();
  const text = (ele, key) => String(ele.pstyle(key).strValue ?? '').replace(/\\s+/g, ' ').trim();
  const nodes = cy.nodes().map((n) => {
    const p = n.renderedPosition();
    return {
      id: n.id(),
      label: text(n, 'label'),
      parent: n.data('parent') ?? null,
      box: n.hasClass('box'),
      classes: n.classes(),
      x: at.left + p.x,
      y: at.top + p.y,
      fontPx: n.pstyle('font-size').pfValue * zoom,
      inView: p.x >= 0 && p.y >= 0 && p.x <= cy.width() && p.y <= cy.height(),
    };
  });
  const edges = cy.edges().map((e) => {
    const mid = e.renderedMidpoint();
    const labelBoxes = [];
    for (const [key, which] of [['label', 'main'], ['source-label', 'source'], ['target-label', 'target']]) {
      if (!text(e, key)) continue;
      const bb = e.boundingBox({
        includeNodes: false,
        includeEdges: false,
        includeOverlays: false,
        includeUnderlays: false,
        includeLabels: true,
        includeMainLabels: which === 'main',
        includeSourceLabels: which === 'source',
        includeTargetLabels: which === 'target',
      });
      if (!Number.isFinite(bb.x1)) continue;
      const pan = cy.pan();
      labelBoxes.push({
        x1: at.left + bb.x1 * zoom + pan.x,
        y1: at.top + bb.y1 * zoom + pan.y,
        x2: at.left + bb.x2 * zoom + pan.x,
        y2: at.top + bb.y2 * zoom + pan.y,
      });
    }
    return {
      id: e.id(),
      source: e.source().id(),
      target: e.target().id(),
      label: text(e, 'label'),
      classes: e.classes(),
      x: at.left + mid.x,
      y: at.top + mid.y,
      labelBoxes,
    };
  });
  return { nodes, edges, zoom, pan: cy.pan(), laidOut: container.dataset.layout === 'done' };
})()`;

/** What cytoscape holds and where it draws it, or null before the canvas exists. */
export async function readCanvas(page: Page): Promise<DrawnGraph | null> {
  return (await page.evaluate(READ_CANVAS)) as DrawnGraph | null;
}

/** The drawn nodes that stand for graph nodes (not the app boxes around versions). */
export const graphNodes = (drawn: DrawnGraph | null): DrawnNode[] => drawn?.nodes.filter((n) => !n.box) ?? [];

// Paint on the node layer where cytoscape holds nothing: what a frozen canvas shows (old nodes still drawn after the
// model moved on). Scans every other pixel of the layer and keeps those outside every element's rendered box.
const STRAY_PAINT = `(async () => {
  const cy = window.__sextantCy;
  const layer = document.querySelector('[data-testid="graph-canvas"] canvas[data-id="layer2-node"]');
  if (!cy || !layer) return { stray: -1, painted: 0 };
  // The next frame is drawn from the model as it is now.
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const scale = layer.width / layer.clientWidth;
  const boxes = cy.elements().map((ele) => ele.renderedBoundingBox({ includeLabels: true, includeOverlays: true }));
  const pixels = layer.getContext('2d').getImageData(0, 0, layer.width, layer.height).data;
  let stray = 0;
  let painted = 0;
  const margin = 4;
  for (let y = 0; y < layer.height; y += 2) {
    for (let x = 0; x < layer.width; x += 2) {
      if (pixels[(y * layer.width + x) * 4 + 3] < 64) continue;
      painted++;
      const cx = x / scale;
      const cyy = y / scale;
      let inside = false;
      for (const b of boxes) {
        if (cx >= b.x1 - margin && cx <= b.x2 + margin && cyy >= b.y1 - margin && cyy <= b.y2 + margin) {
          inside = true;
          break;
        }
      }
      if (!inside) stray++;
    }
  }
  return { stray, painted };
})()`;

/**
 * How many sampled pixels are painted on the canvas where cytoscape holds no element (0 when the drawing matches the
 * model), and how many are painted at all (0 when nothing is drawn).
 */
export async function strayPaint(page: Page): Promise<{ stray: number; painted: number }> {
  return (await page.evaluate(STRAY_PAINT)) as { stray: number; painted: number };
}
