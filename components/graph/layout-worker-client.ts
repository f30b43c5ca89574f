'use client';
import { dagreLayout, LAYERED_ABOVE } from './model/graph-dagre-layout';
import { layeredLayout, type LayoutInput, type Positions } from './model/graph-layout';
import type { LayoutReply, LayoutRequest } from './layout-worker';

// One layout worker for the page, started as soon as the graph page opens so its script has loaded by the time the
// first graph arrives.
let worker: Worker | null | undefined;
let lastRequestId = 0;

export function layoutWorker(): Worker | null {
  if (worker === undefined) {
    try {
      worker = typeof Worker === 'undefined' ? null : new Worker(new URL('./layout-worker.ts', import.meta.url));
    } catch {
      worker = null;
    }
  }
  return worker;
}

export interface LayoutResult {
  positions: Positions;
  algorithm: 'dagre' | 'layered';
}

/** Lays the graph out off the main thread (on it only when the browser has no workers). */
export function computeLayout(input: LayoutInput): Promise<LayoutResult> {
  const target = layoutWorker();
  if (!target) {
    const algorithm = input.nodes.length > LAYERED_ABOVE ? 'layered' : 'dagre';
    return Promise.resolve({ positions: algorithm === 'dagre' ? dagreLayout(input) : layeredLayout(input), algorithm });
  }
  const requestId = ++lastRequestId;
  return new Promise((resolve) => {
    const onReply = (event: MessageEvent<LayoutReply>) => {
      const reply = event.data;
      // Every listener hears every reply: each waits for its own.
      if (reply.requestId !== requestId) return;
      target.removeEventListener('message', onReply);
      // dagre failed on this graph: the layered layout never does.
      if ('error' in reply) resolve({ positions: layeredLayout(input), algorithm: 'layered' });
      else resolve({ positions: reply.positions, algorithm: reply.algorithm });
    };
    target.addEventListener('message', onReply);
    target.postMessage({ requestId, ...input } satisfies LayoutRequest);
  });
}
