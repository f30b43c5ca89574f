'use client';
import cytoscape, { type Core } from 'cytoscape';
import { useEffect, useRef } from 'react';
import type { GraphOptions } from './model/graph-options';
import type { ElementDef } from './model/graph-elements';
import { placeNewNodes, type LayoutInput, type Positions } from './model/graph-layout';
import { ARROWS_BELOW_ZOOM, graphStyleFor, labelScaleFor } from './graph-style';
import { computeLayout } from './layout-worker-client';
import { syncElements } from './sync-elements';

export type LayoutName = GraphOptions['layout'];

export interface LayoutDone {
  algorithm: 'dagre' | 'layered' | 'cose';
  ms: number;
  nodes: number;
}

// Room a node takes with its label under it, for the layered layouts.
const NODE_BOX = { width: 70, height: 62 };

function layoutInput(elements: ElementDef[]): LayoutInput {
  const input: LayoutInput = { nodes: [], edges: [] };
  for (const el of elements) {
    if (el.group === 'edges') input.edges.push({ source: el.data.source!, target: el.data.target! });
    else if (el.data['box'] !== true)
      input.nodes.push({ id: el.data.id, ...NODE_BOX, ...(el.data.parent ? { parent: el.data.parent } : {}) });
  }
  return input;
}

/**
 * cy.fit() measures every label to find the graph's bounding box (300 ms for 1,000 nodes); the node centres and a
 * margin for their size and label give nearly the same view at no cost.
 */
function fitPositions(cy: Core, positions: Positions) {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const p of Object.values(positions)) {
    x1 = Math.min(x1, p.x);
    y1 = Math.min(y1, p.y);
    x2 = Math.max(x2, p.x);
    y2 = Math.max(y2, p.y);
  }
  if (x1 === Infinity) return;
  // Wider than a node: an app box carries its name above it, in bold, often wider than the box.
  const margin = { x: NODE_BOX.width + 50, y: NODE_BOX.height };
  const width = x2 - x1 + 2 * margin.x;
  const height = y2 - y1 + 2 * margin.y;
  const zoom = Math.max(cy.minZoom(), Math.min(1.5, cy.width() / width, cy.height() / height));
  cy.viewport({
    zoom,
    pan: { x: cy.width() / 2 - ((x1 + x2) / 2) * zoom, y: cy.height() / 2 - ((y1 + y2) / 2) * zoom },
  });
}

/**
 * The one cytoscape instance of the page. A refresh syncs elements in place; the layout reruns only when the topology
 * changed, off the main thread, and then only moves the nodes that are new (unless `layoutKey` changed: then all).
 */
export function GraphCanvas({
  elements,
  layout,
  layoutKey,
  webgl,
  label,
  fitRequest = 0,
  onSelect,
  onReady,
  onLayoutDone,
}: {
  elements: ElementDef[];
  layout: LayoutName;
  layoutKey: string;
  webgl: boolean;
  label: string;
  /** Fits the whole graph in view each time it changes (the toolbar's Fit button). */
  fitRequest?: number;
  onSelect: (id: string | null) => void;
  onReady?: (cy: Core | null) => void;
  onLayoutDone?: (done: LayoutDone) => void;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const requestRef = useRef(0);
  const laidOutRef = useRef<{ layout: LayoutName; key: string } | null>(null);
  const callbacks = useRef({ onSelect, onLayoutDone });
  useEffect(() => {
    callbacks.current = { onSelect, onLayoutDone };
  });

  useEffect(() => {
    const cy = cytoscape({
      container: containerRef.current,
      // cytoscape starts at zoom 1; the 'zoom' handler below follows from there.
      style: graphStyleFor({ arrows: true, labelScale: labelScaleFor(1) }),
      minZoom: 0.05,
      maxZoom: 4,
      autounselectify: true,
      boxSelectionEnabled: false,
      // Large graphs: draw a cheaper frame while the user pans and zooms.
      hideEdgesOnViewport: false,
      textureOnViewport: !webgl,
      ...(webgl ? { renderer: { name: 'canvas', webgl: true } } : {}),
    } as cytoscape.CytoscapeOptions);
    cy.on('tap', 'node, edge', (e) => {
      if (e.target.hasClass('box')) return;
      callbacks.current.onSelect(e.target.id() as string);
    });
    cy.on('tap', (e) => {
      if (e.target === cy) callbacks.current.onSelect(null);
    });
    // The stylesheet follows the zoom in steps: arrows go when they would be specks, labels grow when they would be
    // unreadable. Only a change of step restyles the graph.
    let drawn = { arrows: true, labelScale: labelScaleFor(1) };
    const restyle = () => {
      const wanted = { arrows: cy.zoom() >= ARROWS_BELOW_ZOOM, labelScale: labelScaleFor(cy.zoom()) };
      if (wanted.arrows === drawn.arrows && wanted.labelScale === drawn.labelScale) return;
      drawn = wanted;
      cy.style(graphStyleFor(wanted));
    };
    cy.on('zoom', restyle);
    // cytoscape only follows the window's size; the side panel opening narrows the canvas too. The view stays where
    // the user put it: same zoom, same pan, so no node moves on screen and the next click lands where it was aimed
    // (issue 13, item 6). What the narrower canvas no longer shows is to its right, as a window's edge would hide it.
    const container = containerRef.current!;
    const resized = new ResizeObserver(() => {
      if (container.clientWidth === 0 || container.clientHeight === 0) return;
      if (container.clientWidth === cy.width() && container.clientHeight === cy.height()) return;
      cy.resize();
    });
    resized.observe(container);
    cyRef.current = cy;
    // The instance is the truth of what is drawn: the browser tests read the canvas through it (what cytoscape holds,
    // where it draws it, in what style) and bench/graph-browser-bench.ts pans through it. A person debugging a
    // drawing can read it from the devtools console too.
    const handle = window as unknown as { __sextantCy?: Core; __sextantGraph?: Core };
    handle.__sextantCy = cy;
    if (new URLSearchParams(window.location.search).has('bench')) handle.__sextantGraph = cy;
    onReady?.(cy);
    return () => {
      onReady?.(null);
      if (handle.__sextantCy === cy) delete handle.__sextantCy;
      resized.disconnect();
      cy.destroy();
      cyRef.current = null;
      laidOutRef.current = null;
    };
    // onReady is called once per instance; the instance only changes with the renderer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [webgl]);

  useEffect(() => {
    const cy = cyRef.current;
    const container = containerRef.current;
    if (!cy || !container) return;
    const last = laidOutRef.current;
    const relayoutAll = !last || last.layout !== layout || last.key !== layoutKey;
    const requestId = ++requestRef.current;
    const started = performance.now();
    const finish = (algorithm: LayoutDone['algorithm']) => {
      laidOutRef.current = { layout, key: layoutKey };
      container.dataset['layout'] = 'done';
      callbacks.current.onLayoutDone?.({ algorithm, ms: performance.now() - started, nodes: cy.nodes().length });
    };
    // Marks for the browser benchmark's breakdown (performance.getEntriesByName('graph:layout') etc.).
    performance.mark('graph:layout-start');

    if (relayoutAll && layout === 'dagre') {
      // A whole new layout: the elements go in only with their positions, so the main thread draws nothing (1,000
      // nodes piled at the origin) while the worker computes.
      container.dataset['layout'] = 'running';
      void computeLayout(layoutInput(elements)).then(({ positions, algorithm }) => {
        if (requestId !== requestRef.current || cy.destroyed()) return;
        performance.measure('graph:layout', 'graph:layout-start');
        performance.mark('graph:apply-start');
        syncElements(cy, elements);
        cy.batch(() => {
          for (const [id, p] of Object.entries(positions)) cy.getElementById(id).position(p);
        });
        fitPositions(cy, positions);
        performance.measure('graph:apply', 'graph:apply-start');
        finish(algorithm);
      });
      return;
    }

    const before: Positions = {};
    cy.nodes()
      .not('.box')
      .forEach((n) => {
        before[n.id()] = { ...n.position() };
      });
    const { topologyChanged } = syncElements(cy, elements);
    if (!topologyChanged && !relayoutAll) return;
    container.dataset['layout'] = 'running';
    if (layout === 'cose') {
      cy.layout({
        name: 'cose',
        animate: false,
        randomize: relayoutAll,
        fit: relayoutAll,
        nodeDimensionsIncludeLabels: true,
      }).run();
      finish('cose');
      return;
    }
    // The topology changed on a refresh: lay out again, keep every node that was drawn where it is, place the new.
    void computeLayout(layoutInput(elements)).then(({ positions, algorithm }) => {
      if (requestId !== requestRef.current || cy.destroyed()) return;
      cy.batch(() => {
        for (const [id, p] of Object.entries(placeNewNodes(before, positions))) cy.getElementById(id).position(p);
      });
      finish(algorithm);
    });
  }, [elements, layout, layoutKey, webgl]);

  // Fit only when asked: the first draw and a whole new layout fit by themselves, nothing else moves the view.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || fitRequest === 0) return;
    const positions: Positions = {};
    cy.nodes()
      .not('.box')
      .forEach((n) => {
        positions[n.id()] = n.position();
      });
    fitPositions(cy, positions);
  }, [fitRequest]);

  return <div ref={containerRef} role="img" aria-label={label} data-testid="graph-canvas" className="h-full w-full" />;
}
