// The graph page on the shared sentiment-analysis mesh, read from the canvas itself: what cytoscape holds and draws
// (test/e2e/graph-canvas.ts), for each graph type chosen in the page, the hide expression and the display options.
// What is expected comes from the very /api/graph answer the page drew, never from constants.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphResponse } from '../../lib/api/graph.js';
import { nodeName } from '../../components/graph/model/graph-labels.js';
import { launchChromium, openPage, rowNamed, visible } from './browser.js';
import { graphNodes, readCanvas } from './graph-canvas.js';
import {
  expectCanvasMatchesHeader,
  expectCanvasShows,
  expectCanvasShowsGraph,
  graphAnswers,
  graphTypePicker,
  openGraph,
} from './graph-page.js';
import { watchPageErrors } from './watch-page-errors.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** The answer without what a hide expression takes away: the matching nodes, their edges, nodes left without any. */
function without(graph: GraphResponse, hidden: (n: GraphResponse['nodes'][number]) => boolean) {
  const gone = new Set(graph.nodes.filter(hidden).map((n) => n.id));
  const edges = graph.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target));
  const linked = new Set(edges.flatMap((e) => [e.source, e.target]));
  const hadEdges = new Set(graph.edges.flatMap((e) => [e.source, e.target]));
  const nodes = graph.nodes.filter((n) => !gone.has(n.id) && (!hadEdges.has(n.id) || linked.has(n.id)));
  return { nodes: nodes.map((n) => n.id), edges: edges.map((e) => e.id) };
}

describe('the graph page on the sentiment-analysis mesh', () => {
  it('draws every node and edge of the demo namespace on the canvas, each under its name', async () => {
    const page = await openPage(browser, inject('e2e').consoleUrl);
    const errors = watchPageErrors(page).problems;
    const graph = await openGraph(page, 'namespaces=demo');
    expect(graph.nodes.length).toBeGreaterThan(0);
    await expectCanvasShowsGraph(page, graph);
    const drawn = await readCanvas(page);
    const byId = new Map(drawn!.nodes.map((n) => [n.id, n]));
    for (const n of graph.nodes) {
      const node = byId.get(n.id)!;
      if (n.nodeType === 'app' && n.version) {
        // A version is drawn inside its app's box: the box carries the app's name, the node its version.
        expect(node.label.split(' ')[0]).toBe(n.version);
        expect(byId.get(node.parent!)!.label).toBe(n.app);
      } else {
        expect(node.label).toContain(nodeName(n).split(' ')[0]);
      }
    }
    await visible(page.getByText(`${graph.nodes.length} nodes, ${graph.edges.length} edges`, { exact: false }));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('redraws the canvas for each graph type chosen in the page, without leftovers or errors', async () => {
    const page = await openPage(browser, inject('e2e').consoleUrl);
    const errors = watchPageErrors(page).problems;
    const answers = graphAnswers(page);
    await expectCanvasShowsGraph(page, await openGraph(page, 'namespaces=demo'));
    for (const [label, type] of [
      ['Service graph', 'service'],
      ['Workload graph', 'workload'],
      ['App graph', 'app'],
      ['Versioned app graph', 'versionedApp'],
      ['Service graph', 'service'],
    ] as const) {
      await graphTypePicker(page).selectOption({ label });
      // Back to a graph type seen a moment ago, the page may draw the answer it has without asking again.
      const graph = await answers.answer({ graphType: type });
      expect(graph.graphType).toBe(type);
      await expectCanvasShowsGraph(page, graph);
      await visible(page.getByText(`${graph.nodes.length} nodes, ${graph.edges.length} edges`, { exact: false }));
      const names = graphNodes(await readCanvas(page)).map((n) => n.label);
      // A workload is drawn under its name (badges follow on the next line).
      if (type === 'workload') expect(names.map((l) => l.split(' ')[0])).toContain('sa-logic');
      if (type === 'app') expect(graph.nodes.filter((n) => n.nodeType === 'app').every((n) => !n.version)).toBe(true);
      expect(errors, `after choosing the ${label}`).toEqual([]);
    }
    await page.waitForURL(/graphType=service/);
    await page.context().close();
  });

  it('takes the nodes a hide expression names off the canvas and draws them again once it is cleared', async () => {
    const page = await openPage(browser, inject('e2e').consoleUrl);
    const errors = watchPageErrors(page).problems;
    const graph = await openGraph(page, 'namespaces=demo');
    await expectCanvasShowsGraph(page, graph);
    const hide = page.getByRole('searchbox', { name: 'Hide' });
    await hide.fill('app = sa-logic');
    const kept = without(graph, (n) => n.app === 'sa-logic');
    expect(kept.nodes.length).toBeLessThan(graph.nodes.length);
    await expectCanvasShows(page, kept);
    await hide.fill('');
    await expectCanvasShowsGraph(page, graph);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('redraws the canvas for every display option turned on and off, without errors', async () => {
    const page = await openPage(browser, inject('e2e').consoleUrl);
    const errors = watchPageErrors(page).problems;
    const answers = graphAnswers(page);
    const graph = await openGraph(page, 'namespaces=demo');
    await expectCanvasShowsGraph(page, graph);
    const menu = page.locator('details', { has: page.locator('summary', { hasText: 'Display' }) });
    // The menu closes on a click elsewhere: open it when it is not.
    const display = {
      click: async () => (await menu.getAttribute('open')) === null && menu.locator('summary').click(),
    };
    // Options that ask the server for another graph: the canvas must draw the answer to the new query.
    for (const [name, param] of [
      ['Service nodes', 'injectServiceNodes'],
      ['Idle edges and nodes', 'includeIdle'],
    ] as const) {
      for (const turn of ['off', 'on'] as const) {
        await display.click();
        const box = page.getByRole('checkbox', { name, exact: true });
        const checked = await box.isChecked();
        await box.setChecked(!checked);
        // Back to where it started on the second turn: the first query again.
        const change = turn === 'off' ? { [param]: String(!checked) } : {};
        await expectCanvasShowsGraph(page, await answers.answer(change));
        expect(errors, `after turning ${name} ${turn}`).toEqual([]);
      }
    }
    // Options drawn from the same answer: the canvas keeps exactly its nodes and edges.
    for (const name of ['Versions in app boxes', 'Security badges', 'Traffic animation', 'Path of the selection']) {
      for (let i = 0; i < 2; i++) {
        await display.click();
        const box = page.getByRole('checkbox', { name, exact: true });
        await box.setChecked(!(await box.isChecked()));
        await expectCanvasShowsGraph(page, await answers.answer());
        expect(errors, `after toggling ${name}`).toEqual([]);
      }
    }
    for (const label of ['Request rate', 'Request distribution', 'Error %', 'Response time', 'Throughput']) {
      await page.getByRole('combobox', { name: 'Edge labels' }).selectOption({ label });
      // Response times are asked for only while they are shown.
      await expectCanvasShowsGraph(page, await answers.answer(label === 'Response time' ? { latency: 'p95' } : {}));
      expect(errors, `with edge labels ${label}`).toEqual([]);
    }
    await page.getByRole('combobox', { name: 'Layout' }).selectOption({ label: 'Force-directed (cose)' });
    await expectCanvasShowsGraph(page, await answers.answer());
    expect(errors).toEqual([]);
    // Grouped by namespace, then drawn by WebGL and back on the 2D canvas: the canvas draws what the header counts.
    await display.click();
    await page.getByRole('combobox', { name: 'Group' }).selectOption({ label: 'by namespace' });
    await visible(page.getByText('grouped by namespace', { exact: false }));
    await expectCanvasMatchesHeader(page);
    await display.click();
    await page.getByRole('combobox', { name: 'Group' }).selectOption({ label: 'never' });
    for (const label of ['WebGL', 'Canvas']) {
      await display.click();
      await page.getByRole('combobox', { name: 'Renderer' }).selectOption({ label });
      await expectCanvasMatchesHeader(page);
      expect(errors, `with the ${label} renderer`).toEqual([]);
    }
    await page.getByRole('combobox', { name: 'Compare with' }).selectOption({ label: '10 minutes earlier' });
    await expectCanvasShowsGraph(page, await answers.answer({ compareOffset: '10m' }));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lists the drawn nodes in the graph as a table, and opens a node from its row', async () => {
    const page = await openPage(browser, inject('e2e').consoleUrl);
    const graph = await openGraph(page, 'namespaces=demo');
    await page.getByText('Graph as a table').click();
    const table = await visible(page.getByRole('table', { name: 'Nodes of the graph' }));
    const names = (await table.getByRole('rowheader').allInnerTexts()).map((t) => t.trim()).sort();
    expect(names).toEqual(graph.nodes.map(nodeName).sort());
    await visible(rowNamed(table, 'sa-logic v1'));
    await table.getByRole('button', { name: 'sa-logic v1', exact: true }).click();
    await visible(page.getByRole('complementary', { name: 'sa-logic v1' }));
    await page.context().close();
  });
});
