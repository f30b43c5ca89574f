// The graph page driven as a person drives it, for the graph's browser tests: open it, change a picker and wait for
// the answer it asked for, wait until the canvas draws exactly that answer, click a node where it is drawn.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { graphResponse, type GraphResponse } from '../../lib/api/graph.js';
import { visible } from './browser.js';
import { graphNodes, readCanvas, strayPaint, type DrawnNode } from './graph-canvas.js';

const isGraphAnswer = (url: string) => new URL(url).pathname === '/api/graph';

/** Opens the graph and resolves with the /api/graph answer the page drew (refresh off: there is exactly one). */
export async function openGraph(page: Page, search: string): Promise<GraphResponse> {
  const answer = page.waitForResponse((r) => isGraphAnswer(r.url()) && r.ok(), { timeout: 30_000 });
  await page.goto(`/graph?refresh=off&${search}`);
  // Parsed with the contract, as the page does: the wire may leave out fields that hold their default.
  const graph = graphResponse.parse(await (await answer).json());
  await visible(page.getByRole('img', { name: /graph of namespace/ }), 30_000);
  return graph;
}

/** The next /api/graph answer after `action` (a picker change, a refresh). */
export async function nextGraph(page: Page, action: () => Promise<unknown>): Promise<GraphResponse> {
  const answer = page.waitForResponse((r) => isGraphAnswer(r.url()) && r.ok(), { timeout: 30_000 });
  await action();
  return graphResponse.parse(await (await answer).json());
}

/** Ids of the graph nodes the canvas holds once its layout is done (null while it lays out). */
export async function drawnNodeIds(page: Page): Promise<string[] | null> {
  const drawn = await readCanvas(page);
  if (!drawn?.laidOut) return null;
  return graphNodes(drawn)
    .map((n) => n.id)
    .sort();
}

export async function drawnEdgeIds(page: Page): Promise<string[] | null> {
  const drawn = await readCanvas(page);
  if (!drawn?.laidOut) return null;
  return drawn.edges.map((e) => e.id).sort();
}

/**
 * Waits until the canvas holds exactly these nodes and edges, and checks that it paints nothing else: a canvas whose
 * drawing froze keeps the old nodes painted while cytoscape's model moved on.
 */
export async function expectCanvasShows(page: Page, want: { nodes: string[]; edges: string[] }): Promise<void> {
  await expect.poll(() => drawnNodeIds(page), { timeout: 15_000 }).toEqual([...want.nodes].sort());
  await expect.poll(() => drawnEdgeIds(page), { timeout: 5_000 }).toEqual([...want.edges].sort());
  const paint = await strayPaint(page);
  expect(paint.painted, 'the canvas paints the graph').toBeGreaterThan(0);
  expect(paint.stray, 'pixels painted where cytoscape holds no element').toBe(0);
}

/**
 * The canvas shows exactly the nodes and edges of this answer, and with a comparison the edges that carried traffic
 * only in the earlier window (drawn dashed, as `removed:<id>`, between nodes still drawn).
 */
export function expectCanvasShowsGraph(page: Page, graph: Pick<GraphResponse, 'nodes' | 'edges' | 'removedEdges'>) {
  const nodes = new Set(graph.nodes.map((n) => n.id));
  const removed = (graph.removedEdges ?? [])
    .filter((e) => nodes.has(e.source) && nodes.has(e.target))
    .map((e) => `removed:${e.id}`);
  return expectCanvasShows(page, { nodes: [...nodes], edges: [...graph.edges.map((e) => e.id), ...removed] });
}

/** The canvas holds as many nodes and edges as the page's header says it draws. */
export async function expectCanvasMatchesHeader(page: Page): Promise<void> {
  const header = async () => {
    const text = await page
      .getByRole('status')
      .filter({ hasText: / nodes?, / })
      .innerText();
    const [, nodes, edges] = /(\d+) nodes?, (\d+) edges?/.exec(text)!;
    return { nodes: Number(nodes), edges: Number(edges) };
  };
  const drawn = async () => {
    const canvas = await readCanvas(page);
    return { nodes: graphNodes(canvas).length, edges: canvas?.edges.length ?? 0 };
  };
  await expect.poll(async () => JSON.stringify(await drawn()) === JSON.stringify(await header())).toBe(true);
}

/**
 * Every /api/graph answer the page received, by its query. The page reuses an answer younger than react-query's
 * staleTime without asking again, so an option turned off and on again may bring no new answer: the canvas must then
 * draw the one it has for that query.
 */
export function graphAnswers(page: Page) {
  const byQuery = new Map<string, GraphResponse>();
  let first: URLSearchParams | null = null;
  const key = (search: URLSearchParams) => [...search.entries()].sort().join('&');
  page.on('response', (r) => {
    const url = new URL(r.url());
    if (url.pathname !== '/api/graph' || !r.ok()) return;
    first ??= url.searchParams;
    void r
      .json()
      .then((body) => byQuery.set(key(url.searchParams), graphResponse.parse(body)))
      .catch(() => undefined);
  });
  return {
    /** The answer to the first query with `change` applied to its parameters, once the page has it. */
    async answer(change: Record<string, string> = {}): Promise<GraphResponse> {
      let found: GraphResponse | undefined;
      await expect
        .poll(
          () => {
            if (!first) return false;
            const search = new URLSearchParams(first);
            for (const [k, v] of Object.entries(change)) search.set(k, v);
            found = byQuery.get(key(search));
            return found !== undefined;
          },
          { timeout: 30_000 },
        )
        .toBe(true);
      return found!;
    },
  };
}

/** The node as drawn now, found by id. */
export async function drawnNode(page: Page, id: string): Promise<DrawnNode> {
  const node = graphNodes(await readCanvas(page)).find((n) => n.id === id);
  if (!node) throw new Error(`the canvas does not hold node ${id}`);
  return node;
}

/** Clicks a node where the canvas draws it, as a person does. */
export async function clickNode(page: Page, id: string): Promise<DrawnNode> {
  const node = await drawnNode(page, id);
  await page.mouse.click(node.x, node.y);
  return node;
}

export const graphTypePicker = (page: Page) => page.getByRole('combobox', { name: 'Graph type' });
