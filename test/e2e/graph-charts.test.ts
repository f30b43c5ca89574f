// The side panel's figures and charts as a person reads them: each figure names its window and its chart's caption
// states the same figure for that window beside "now", a percentage axis stays within 0–100 %, the three charts of a
// panel share one time axis whose labels never repeat, and the latency lines have a legend.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { graphResponse, type GraphResponse } from '../../lib/api/graph.js';
import { nodeName } from '../../components/graph/model/graph-labels.js';
import { visible } from './browser.js';
import { graphNodes, readCanvas } from './graph-canvas.js';
import { expectCanvasShowsGraph, openGraph } from './graph-page.js';
import { pagePerTest } from './page-per-test.js';

let page: Page;
pagePerTest((opened) => (page = opened), { watchErrors: true });

/** The text of the side panel's figure under this term. */
const figure = (panel: Locator, term: string) => panel.locator(`dt:text-is("${term}") + dd`).innerText();

/** A chart of the panel, by its title, once drawn; its caption is its accessible name ("Title: summary"). */
async function chartCaption(panel: Locator, title: string): Promise<string> {
  const chart = await visible(panel.getByRole('figure', { name: new RegExp(`^${title}:`) }), 15_000);
  return (await chart.getAttribute('aria-label'))!.slice(title.length + 2);
}

const axisTicks = (panel: Locator, title: string, orientation: 'left' | 'bottom') =>
  panel
    .getByRole('figure', { name: new RegExp(`^${title}:`) })
    .locator(`text.recharts-cartesian-axis-tick-value[orientation="${orientation}"]`)
    .allTextContents()
    .then((ticks) => ticks.map((t) => t.replaceAll('\u00a0', ' ').trim()));

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Clicks an edge in the middle of where the canvas draws it. */
async function clickEdge(page: Page, id: string) {
  const edge = (await readCanvas(page))!.edges.find((e) => e.id === id)!;
  await page.mouse.click(edge.x, edge.y);
}

/**
 * An edge with requests and no errors, drawn in view, between two nodes (not groups). No errors over the last half
 * hour too: the Errors chart spans the window and each point's rate looks further back, so an edge whose errors (an
 * earlier suite's canary) are just older than the figure's 5 minutes still draws them.
 */
function quietEdge(graph: GraphResponse, inView: Set<string>, halfHour: GraphResponse) {
  const erred = new Set(halfHour.edges.filter((e) => e.errorRatio > 0).map((e) => e.id));
  const edge = graph.edges.find(
    (e) =>
      e.protocol !== 'tcp' &&
      e.rps > 0 &&
      e.errorRatio === 0 &&
      !erred.has(e.id) &&
      inView.has(e.source) &&
      inView.has(e.target),
  );
  if (!edge) throw new Error('no edge with requests and no errors in view');
  return edge;
}

/** Opens the demo graph and the side panel of a quiet edge; also gives the graph and the nodes drawn in view. */
async function quietEdgePanel() {
  const graph = await openGraph(page, 'namespaces=demo');
  await expectCanvasShowsGraph(page, graph);
  const inView = new Set(
    graphNodes(await readCanvas(page))
      .filter((n) => n.inView)
      .map((n) => n.id),
  );
  const halfHour = graphResponse.parse(
    await (await page.request.get('/api/graph?namespaces=demo&duration=30m')).json(),
  );
  await clickEdge(page, quietEdge(graph, inView, halfHour).id);
  const panel = await visible(page.getByRole('complementary', { name: / → / }));
  return { graph, inView, panel };
}

describe('the graph side panel', () => {
  it("states each figure's window, and its chart's caption gives the same figure for that window beside now", async () => {
    const { graph, inView, panel } = await quietEdgePanel();
    const rate = await figure(panel, 'Rate (5 min avg)');
    expect(rate).toMatch(/ rps$/);
    expect(await chartCaption(panel, 'Request rate')).toMatch(new RegExp(`^${escaped(rate)} 5 min avg · .+ rps now$`));
    const ratio = await figure(panel, 'Error ratio (5 min avg)');
    expect(await chartCaption(panel, 'Errors')).toMatch(new RegExp(`^${escaped(ratio)} 5 min avg · .+% now$`));

    // A node's inbound requests: the same figure in the panel and in its chart's caption.
    const node = graph.nodes.find((n) => inView.has(n.id) && n.traffic.inbound.rps > 0 && !n.isRoot)!;
    const drawn = graphNodes(await readCanvas(page)).find((n) => n.id === node.id)!;
    await page.mouse.click(drawn.x, drawn.y);
    const nodePanel = await visible(page.getByRole('complementary', { name: nodeName(node) }));
    const inbound = await figure(nodePanel, 'Inbound requests (5 min avg)');
    expect(await chartCaption(nodePanel, 'Request rate')).toMatch(
      new RegExp(`^${escaped(inbound)} 5 min avg · .+ rps now$`),
    );
  });

  it('draws the Errors axis within 0–100 %, one time axis for all charts with no repeated label, and a latency legend', async () => {
    const { panel } = await quietEdgePanel();
    await chartCaption(panel, 'Errors');

    // No errors in the window: the axis reads 0 % to 1 %, not 0 to 400 %.
    expect(await axisTicks(panel, 'Errors', 'left')).toEqual(['0%', '0.5%', '1%']);

    const times = await axisTicks(panel, 'Request rate', 'bottom');
    expect(times.length).toBeGreaterThan(1);
    expect(new Set(times).size, times.join(', ')).toBe(times.length);
    expect(await axisTicks(panel, 'Errors', 'bottom')).toEqual(times);
    expect(await axisTicks(panel, 'Response time', 'bottom')).toEqual(times);

    const legend = await visible(panel.getByRole('list', { name: 'Response time legend' }));
    expect(await legend.getByRole('listitem').allInnerTexts()).toEqual(['p50', 'p95', 'p99']);
  });
});
