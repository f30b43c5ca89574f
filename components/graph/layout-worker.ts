// The graph's layout off the main thread: a 1,000-node dagre run takes seconds, the page stays responsive meanwhile.
import { dagreLayout, LAYERED_ABOVE } from './model/graph-dagre-layout';
import { layeredLayout, type LayoutInput, type Positions } from './model/graph-layout';

export interface LayoutRequest extends LayoutInput {
  requestId: number;
}
export type LayoutReply =
  | { requestId: number; positions: Positions; algorithm: 'dagre' | 'layered'; ms: number }
  | { requestId: number; error: string };

addEventListener('message', (event: MessageEvent<LayoutRequest>) => {
  const { requestId, ...input } = event.data;
  const start = performance.now();
  try {
    const algorithm = input.nodes.length > LAYERED_ABOVE ? 'layered' : 'dagre';
    const positions = algorithm === 'dagre' ? dagreLayout(input) : layeredLayout(input);
    postMessage({ requestId, positions, algorithm, ms: performance.now() - start } satisfies LayoutReply);
  } catch (err) {
    postMessage({ requestId, error: err instanceof Error ? err.message : String(err) } satisfies LayoutReply);
  }
});
