// How the graph is drawn and kept in view, read from the canvas (cytoscape's own state and pixels): the view stays
// put while nodes are selected, the mini-map, mTLS badges that do not overlap, node labels readable at the default
// zoom, and the drawing options kept in the URL across a reload.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { nodeName } from '../../components/graph/model/graph-labels.js';
import { launchChromium, openPage, visible } from './browser.js';
import { graphNodes, readCanvas, type DrawnNode } from './graph-canvas.js';
import { clickNode, drawnNode, expectCanvasShowsGraph, openGraph } from './graph-page.js';
import { watchPageErrors } from './watch-page-errors.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const overlap = (a: { x1: number; y1: number; x2: number; y2: number }, b: typeof a) =>
  a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

/** A node a person can click: drawn inside the canvas' visible area, not a box, not `except`. */
async function clickableNode(page: Parameters<typeof readCanvas>[0], except: string[]): Promise<DrawnNode> {
  const node = graphNodes(await readCanvas(page)).find((n) => n.inView && !except.includes(n.id));
  if (!node) throw new Error(`no other node in view than ${except.join(', ')}`);
  return node;
}

describe('the graph view', () => {
  it('keeps every node where it is on screen when a node is selected, so the next click hits the next node', async () => {
    const page = await openPage(browser, inject('e2e').consoleUrl);
    const errors = watchPageErrors(page).problems;
    const graph = await openGraph(page, 'namespaces=demo');
    await expectCanvasShowsGraph(page, graph);
    const before = await readCanvas(page);
    // The leftmost node: still in view once the side panel narrows the canvas from the right.
    const first = graphNodes(before).sort((a, b) => a.x - b.x)[0]!;
    await clickNode(page, first.id);
    await visible(page.getByRole('complementary'));
    await expect.poll(async () => (await readCanvas(page))!.zoom).toBe(before!.zoom);
    const after = await drawnNode(page, first.id);
    expect({ x: after.x, y: after.y }).toEqual({ x: first.x, y: first.y });
    for (const n of graphNodes(await readCanvas(page))) {
      const was = before!.nodes.find((b) => b.id === n.id)!;
      expect({ id: n.id, x: n.x, y: n.y }).toEqual({ id: was.id, x: was.x, y: was.y });
    }

    // The next click, aimed where the next node was drawn before anything was selected, selects it.
    const second = await clickableNode(page, [first.id]);
    const aimed = before!.nodes.find((n) => n.id === second.id)!;
    await page.mouse.click(aimed.x, aimed.y);
    const panel = await visible(page.getByRole('complementary'));
    const title = nodeName(graph.nodes.find((n) => n.id === second.id)!);
    await expect.poll(() => panel.getByRole('heading', { level: 2 }).innerText()).toBe(title);

    // Closing the panel moves nothing either.
    await panel.getByRole('button', { name: 'Close the details' }).click();
    await expect.poll(() => page.getByRole('complementary').count()).toBe(0);
    expect(await drawnNode(page, first.id)).toMatchObject({ x: first.x, y: first.y });

    // The rightmost node, near the canvas' right edge: the panel opening over it pans nothing either (it used to pan
    // the graph hundreds of pixels to show it, moving every node a person had measured).
    const last = graphNodes(before).sort((a, b) => b.x - a.x)[0]!;
    await clickNode(page, last.id);
    await expect
      .poll(() => page.getByRole('complementary').getByRole('heading', { level: 2 }).innerText())
      .toBe(nodeName(graph.nodes.find((n) => n.id === last.id)!));
    // Once its charts are drawn, as a person waits for them: any pan the selection started has ended by then.
    await visible(page.getByRole('complementary').getByRole('figure').first(), 15_000);
    const now = await readCanvas(page);
    expect({ zoom: now!.zoom, pan: now!.pan }).toEqual({ zoom: before!.zoom, pan: before!.pan });
    for (const n of graphNodes(now)) {
      const was = before!.nodes.find((b) => b.id === n.id)!;
      expect({ id: n.id, x: n.x, y: n.y }).toEqual({ id: was.id, x: was.x, y: was.y });
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('brings the whole graph back into view with Fit after the user moved away', async () => {
    const page = await openPage(browser, inject('e2e').consoleUrl);
    await expectCanvasShowsGraph(page, await openGraph(page, 'namespaces=demo'));
    const fitted = await readCanvas(page);
    const canvas = (await page.getByTestId('graph-canvas').boundingBox())!;
    // Drag the background (a corner, away from nodes) far to the right: the nodes leave the view.
    await page.mouse.move(canvas.x + 5, canvas.y + 5);
    await page.mouse.down();
    await page.mouse.move(canvas.x + canvas.width - 5, canvas.y + 5, { steps: 8 });
    await page.mouse.up();
    await expect.poll(async () => (await readCanvas(page))!.pan.x).toBeGreaterThan(fitted!.pan.x + 100);
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await expect.poll(async () => (await readCanvas(page))!.pan).toEqual(fitted!.pan);
    await page.context().close();
  });

  it('draws node labels at 12 px or more on screen at the zoom the graph opens with', async () => {
    const page = await openPage(browser, inject('e2e').consoleUrl);
    await expectCanvasShowsGraph(page, await openGraph(page, 'namespaces=demo'));
    const drawn = await readCanvas(page);
    for (const n of graphNodes(drawn)) {
      expect({ id: n.id, fontPx: n.fontPx >= 12 }).toEqual({ id: n.id, fontPx: true });
    }
    await page.context().close();
  });

  it('shows the mini-map while it is ticked, and moves the view to where it is clicked', async () => {
    const page = await openPage(browser, inject('e2e').consoleUrl);
    await expectCanvasShowsGraph(page, await openGraph(page, 'namespaces=demo'));
    const map = await visible(page.getByRole('img', { name: /Mini-map of the graph/ }));
    // It draws the graph: painted pixels on its canvas.
    await expect
      .poll(() =>
        map.evaluate((canvas: HTMLCanvasElement) => {
          const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
          let painted = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
          return painted;
        }),
      )
      .toBeGreaterThan(20);
    const before = await readCanvas(page);
    const box = (await map.boundingBox())!;
    await page.mouse.click(box.x + 4, box.y + box.height / 2);
    await expect.poll(async () => (await readCanvas(page))!.pan.x).not.toBe(before!.pan.x);

    await page.locator('summary', { hasText: 'Display' }).click();
    await page.getByRole('checkbox', { name: 'Mini-map', exact: true }).uncheck();
    await expect.poll(() => page.getByRole('img', { name: /Mini-map of the graph/ }).count()).toBe(0);
    await page.context().close();
  });

  it('draws every mTLS badge where no other edge label overlaps it', async () => {
    const page = await openPage(browser, inject('e2e').consoleUrl);
    const graph = await openGraph(page, 'namespaces=demo&securityBadges=true&edgeLabels=rate');
    await expectCanvasShowsGraph(page, graph);
    const secured = graph.edges.filter((e) => (e.mtlsRatio ?? 0) > 0).map((e) => e.id);
    expect(secured.length).toBeGreaterThan(1);
    const edges = (await readCanvas(page))!.edges;
    expect(edges.filter((e) => e.label.includes('mTLS')).map((e) => e.id)).toEqual(
      edges.filter((e) => secured.includes(e.id)).map((e) => e.id),
    );
    const boxes = edges.flatMap((e) => e.labelBoxes.map((box) => ({ id: e.id, box })));
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        expect({ a: a.id, b: b.id, overlap: overlap(a.box, b.box) }).toEqual({ a: a.id, b: b.id, overlap: false });
      }
    }
    await page.context().close();
  });

  it('keeps the edge labels and the comparison in the URL, so a reload draws the same graph', async () => {
    const page = await openPage(browser, inject('e2e').consoleUrl);
    const errors = watchPageErrors(page).problems;
    await expectCanvasShowsGraph(page, await openGraph(page, 'namespaces=demo'));
    await page.getByRole('combobox', { name: 'Edge labels' }).selectOption({ label: 'Request rate' });
    await page.getByRole('combobox', { name: 'Compare with' }).selectOption({ label: '10 minutes earlier' });
    await page.waitForURL((url) => url.searchParams.get('edgeLabels') === 'rate');
    await page.waitForURL((url) => url.searchParams.get('compare') === '10m');

    const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/graph' && r.ok());
    await page.reload();
    expect(new URL((await answer).url()).searchParams.get('compareOffset')).toBe('10m');
    await visible(page.getByRole('img', { name: /graph of namespace/ }));
    expect(await page.getByRole('combobox', { name: 'Edge labels' }).inputValue()).toBe('rate');
    expect(await page.getByRole('combobox', { name: 'Compare with' }).inputValue()).toBe('10m');
    // The canvas writes the rates on its edges again.
    await expect
      .poll(async () => (await readCanvas(page))?.edges.some((e) => / rps/.test(e.label)) ?? false)
      .toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
