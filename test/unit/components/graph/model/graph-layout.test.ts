import { describe, expect, it } from 'vitest';
import { dagreLayout } from '../../../../../components/graph/model/graph-dagre-layout.js';
import { layeredLayout, placeNewNodes, type LayoutInput } from '../../../../../components/graph/model/graph-layout.js';

const box = { width: 70, height: 62 };
const chain: LayoutInput = {
  nodes: ['gateway', 'webapp', 'logic-v1', 'logic-v2'].map((id) => ({
    id,
    ...box,
    ...(id.startsWith('logic') ? { parent: 'logic' } : {}),
  })),
  edges: [
    { source: 'gateway', target: 'webapp' },
    { source: 'webapp', target: 'logic-v1' },
    { source: 'webapp', target: 'logic-v2' },
  ],
};

describe('graph layouts', () => {
  it.each([
    ['dagre', dagreLayout],
    ['layered', layeredLayout],
  ])('%s draws callers left of the nodes they call', (_name, layout) => {
    const p = layout(chain);
    expect(p['gateway']!.x).toBeLessThan(p['webapp']!.x);
    expect(p['webapp']!.x).toBeLessThan(p['logic-v1']!.x);
    expect(p['logic-v1']!.x).toBe(p['logic-v2']!.x);
    expect(p['logic-v1']!.y).not.toBe(p['logic-v2']!.y);
  });

  it('layered layout places every node of a cyclic graph', () => {
    const p = layeredLayout({
      nodes: ['a', 'b', 'c'].map((id) => ({ id, ...box })),
      edges: [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'c' },
        { source: 'c', target: 'b' },
      ],
    });
    expect(Object.keys(p).sort()).toEqual(['a', 'b', 'c']);
    expect(p['a']!.x).toBeLessThan(p['b']!.x);
  });

  // Its speed is the graph bench's (bench/graph-browser-bench.ts), not a timed test's.
  it('lays out 5,000 nodes, tall ranks wrapped into columns', () => {
    const nodes = Array.from({ length: 5000 }, (_, i) => ({ id: `n${i}`, ...box }));
    const edges = nodes.slice(1).map((n, i) => ({ source: `n${Math.floor(i / 3)}`, target: n.id }));
    const p = layeredLayout({ nodes, edges });
    expect(Object.keys(p)).toHaveLength(5000);
    // Tall ranks wrap into columns: no 300,000-pixel column.
    const ys = Object.values(p).map((q) => q.y);
    expect(Math.max(...ys) - Math.min(...ys)).toBeLessThan(20_000);
  });

  it('keeps the nodes already drawn where they are and places new ones beside them', () => {
    const previous = { a: { x: 500, y: 500 }, b: { x: 700, y: 500 } };
    const fresh = { a: { x: 0, y: 0 }, b: { x: 200, y: 0 }, c: { x: 400, y: 0 } };
    expect(placeNewNodes(previous, fresh)).toEqual({
      a: { x: 500, y: 500 },
      b: { x: 700, y: 500 },
      c: { x: 900, y: 500 },
    });
  });
});

describe('placing new nodes on a refresh', () => {
  it('never drops a new node onto one already drawn', () => {
    const previous = { a: { x: 0, y: 0 } };
    const fresh = { a: { x: 0, y: 0 }, b: { x: 0, y: 10 } };
    const placed = placeNewNodes(previous, fresh);
    expect(placed['a']).toEqual({ x: 0, y: 0 });
    expect(Math.abs(placed['b']!.y - placed['a']!.y)).toBeGreaterThanOrEqual(50);
  });
});
