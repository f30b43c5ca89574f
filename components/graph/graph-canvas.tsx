'use client';
import cytoscape, { type Core } from 'cytoscape';
import { useEffect, useRef } from 'react';
import { dagreLayout, LAYERED_ABOVE } from '@/lib/graph-dagre-layout';
import type { ElementDef } from '@/lib/graph-elements';
import { layeredLayout, placeNewNodes, type LayoutInput, type Positions } from '@/lib/graph-layout';
import { graphStyle } from './graph-style';
import type { LayoutReply, LayoutRequest } from './layout-worker';
import { syncElements } from './sync-elements';

export type LayoutName = 'dagre' | 'cose';

export interface LayoutDone {
  algorithm: 'dagre' | 'layered' | 'cose';
  ms: number;
  nodes: number;
}

// Room a node takes with its label under it, for the layered layouts.
const NODE_BOX = { width: 70, height: 62 };

function layoutInput(cy: Core): LayoutInput {
  return {
    nodes: cy
      .nodes()
      .not('.box')
      .map((n) => ({ id: n.id(), ...NODE_BOX, ...(n.data('parent') ? { parent: n.data('parent') as string } : {}) })),
    edges: cy.edges().map((e) => ({ source: e.source().id(), target: e.target().id() })),
  };
}

/** Whether this browser can give cytoscape a WebGL 2 context (its WebGL renderer needs one). */
export function webglAvailable(): boolean {
  try {
    return document.createElement('canvas').getContext('webgl2') !== null;
  } catch {
    return false;
  }
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
  const workerRef = useRef<Worker | null>(null);
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
    cyRef.current = cy;
    onReady?.(cy);
    return () => {
      onReady?.(null);
      cy.destroy();
      cyRef.current = null;
      workerRef.current?.terminate();
      workerRef.current = null;
      laidOutRef.current = null;
    };
    // onReady is called once per instance; the instance only changes with the renderer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [webgl]);

  useEffect(() => {
    const cy = cyRef.current;
    const container = containerRef.current;
    if (!cy || !container) return;
    const before: Positions = {};
    cy.nodes()
      .not('.box')
      .forEach((n) => {
        before[n.id()] = { ...n.position() };
      });
    const { topologyChanged } = syncElements(cy, elements);
    const last = laidOutRef.current;
    const relayoutAll = !last || last.layout !== layout || last.key !== layoutKey;
    if (!topologyChanged && !relayoutAll) return;
    laidOutRef.current = { layout, key: layoutKey };
    const requestId = ++requestRef.current;
    const started = performance.now();
    container.dataset['layout'] = 'running';
    const finish = (algorithm: LayoutDone['algorithm']) => {
      container.dataset['layout'] = 'done';
      callbacks.current.onLayoutDone?.({ algorithm, ms: performance.now() - started, nodes: cy.nodes().length });
    };

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
    const input = layoutInput(cy);
    const apply = (fresh: Positions, algorithm: 'dagre' | 'layered') => {
      if (requestId !== requestRef.current || cy.destroyed()) return;
      const positions = relayoutAll ? fresh : placeNewNodes(before, fresh);
      cy.batch(() => {
        for (const [id, p] of Object.entries(positions)) cy.getElementById(id).position(p);
      });
      if (relayoutAll) cy.fit(undefined, 30);
      finish(algorithm);
    };
    let worker = workerRef.current;
    if (!worker && typeof Worker !== 'undefined') {
      try {
        worker = new Worker(new URL('./layout-worker.ts', import.meta.url));
        workerRef.current = worker;
      } catch {
        worker = null;
      }
    }
    if (!worker) {
      const algorithm = input.nodes.length > LAYERED_ABOVE ? 'layered' : 'dagre';
      apply(algorithm === 'dagre' ? dagreLayout(input) : layeredLayout(input), algorithm);
      return;
    }
    const target = worker;
    const onReply = (event: MessageEvent<LayoutReply>) => {
      const reply = event.data;
      // Every listener hears every reply: each waits for its own, and a newer request makes it moot.
      if (reply.requestId !== requestId) return;
      target.removeEventListener('message', onReply);
      if ('error' in reply) {
        // dagre failed on this graph: the layered layout never does.
        apply(layeredLayout(input), 'layered');
        return;
      }
      apply(reply.positions, reply.algorithm);
    };
    target.addEventListener('message', onReply);
    worker.postMessage({ requestId, ...input } satisfies LayoutRequest);
  }, [elements, layout, layoutKey, webgl]);

  return <div ref={containerRef} role="img" aria-label={label} data-testid="graph-canvas" className="h-full w-full" />;
}
