'use client';
import cytoscape, { type Core } from 'cytoscape';
import { useEffect, useRef } from 'react';
import type { ElementDef } from '@/lib/graph-elements';
import { placeNewNodes, type LayoutInput, type Positions } from '@/lib/graph-layout';
import { ARROWS_BELOW_ZOOM, graphStyle, graphStyleWithoutArrows } from './graph-style';
import { computeLayout } from './layout-worker-client';
import { syncElements } from './sync-elements';

export type LayoutName = 'dagre' | 'cose';

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
  const margin = { x: NODE_BOX.width, y: NODE_BOX.height };
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
  onSelect,
  onReady,
  onLayoutDone,
}: {
  elements: ElementDef[];
  layout: LayoutName;
  layoutKey: string;
  webgl: boolean;
  label: string;
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
      style: graphStyle,
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
    let arrows = true;
    cy.on('zoom', () => {
      const wanted = cy.zoom() >= ARROWS_BELOW_ZOOM;
      if (wanted === arrows) return;
      arrows = wanted;
      cy.style(wanted ? graphStyle : graphStyleWithoutArrows);
    });
    // cytoscape only follows the window's size; the side panel opening narrows the canvas too. What was in view
    // stays in view: the zoom follows the size and the centre stays the centre.
    const container = containerRef.current!;
    let size = { width: container.clientWidth, height: container.clientHeight };
    const resized = new ResizeObserver(() => {
      const width = container.clientWidth;
      const height = container.clientHeight;
      if (width === 0 || height === 0 || (width === size.width && height === size.height)) return;
      const zoom = cy.zoom();
      const pan = cy.pan();
      const centre = { x: (size.width / 2 - pan.x) / zoom, y: (size.height / 2 - pan.y) / zoom };
      const next = zoom * Math.min(width / (size.width || width), height / (size.height || height));
      size = { width, height };
      cy.resize();
      if (cy.nodes().empty()) return;
      cy.viewport({ zoom: next, pan: { x: width / 2 - centre.x * next, y: height / 2 - centre.y * next } });
    });
    resized.observe(container);
    cyRef.current = cy;
    // bench/graph-browser-bench.ts pans the graph through cytoscape itself; only a ?bench URL exposes it.
    if (new URLSearchParams(window.location.search).has('bench')) {
      (window as unknown as { __sextantGraph?: Core }).__sextantGraph = cy;
    }
    onReady?.(cy);
    return () => {
      onReady?.(null);
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

  return <div ref={containerRef} role="img" aria-label={label} data-testid="graph-canvas" className="h-full w-full" />;
}
