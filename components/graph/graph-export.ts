import type { Core } from 'cytoscape';
import type { GraphResponse } from '@/lib/api/graph';

function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

/** The whole graph (not just what is on screen) as a PNG, on white, at twice the screen's resolution. */
export function exportPng(cy: Core, graphType: string) {
  const blob = cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' });
  download(blob, `sextant-${graphType}-graph-${stamp()}.png`);
}

/** The graph exactly as /api/graph answered it. */
export function exportJson(graph: GraphResponse) {
  download(
    new Blob([JSON.stringify(graph, null, 2)], { type: 'application/json' }),
    `sextant-${graph.graphType}-graph-${stamp()}.json`,
  );
}
