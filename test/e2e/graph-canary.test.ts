// The graph page while the article's 90/10 canary of sa-logic runs, read from the canvas: a refresh draws the new
// version, a click on it opens its figures, find marks the failing edges, and an edge's side panel gives the same
// response times as its chart, written as durations.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { graphResponse, type GraphResponse } from '../../lib/api/graph.js';
import { launchChromium, openPage, visible } from './browser.js';
import { applyCanary, pollUntil, undoCanary, type AppliedCanary } from './canary.js';
import { readCanvas } from './graph-canvas.js';
import { clickNode, drawnNodeIds, expectCanvasShowsGraph, nextGraph, openGraph } from './graph-page.js';
import { watchPageErrors } from './watch-page-errors.js';

let browser: Browser;
const isV2 = (n: GraphResponse['nodes'][number]) => n.app === 'sa-logic' && n.version === 'v2';
// How the app writes any duration (lib/format.ts formatDuration).
const DURATION = /^(<0\.01 ms|\d+(\.\d+)? ms|\d+(\.\d+)? s|\d+ min( \d+ s)?|\d+ h( \d+ min)?)$/;

const graphOfLastMinute = async (consoleUrl: string) =>
  graphResponse.parse(await fetch(`${consoleUrl}/api/graph?namespaces=demo&duration=1m`).then((r) => r.json()));

describe('the graph page with the 90/10 canary of sa-logic applied', () => {
  let canary: AppliedCanary | undefined;
  // Opened before the canary: it shows the graph without v2 until it refreshes.
  let early: Page;
  let earlyErrors: string[];
  let before: GraphResponse;

  beforeAll(async () => {
    const { kubeconfig, consoleUrl } = inject('e2e');
    // Suites before this one on the shared mesh may have run the canary: wait until v2 has left the 1-minute window,
    // so that the page opened first draws the graph without it.
    await pollUntil(
      async () => !(await graphOfLastMinute(consoleUrl)).nodes.some(isV2),
      'sa-logic v2 stayed in the 1-minute graph for 90 s after the suites before this one',
    );
    browser = await launchChromium();
    early = await openPage(browser, consoleUrl);
    earlyErrors = watchPageErrors(early).problems;
    before = await openGraph(early, 'namespaces=demo&window=1m');
    canary = await applyCanary(kubeconfig);
    // Wait until Prometheus has scraped failing requests into v2 (the route answers what the page will draw).
    await pollUntil(
      async () => ((await graphOfLastMinute(consoleUrl)).nodes.find(isV2)?.traffic.inbound.errorRatio ?? 0) > 0,
      'sa-logic v2 never showed failing requests in /api/graph within 90 s of the canary',
    );
  }, 240_000);

  afterAll(async () => {
    await undoCanary(inject('e2e').kubeconfig, canary);
    await browser?.close();
  });

  it('draws sa-logic v2 on the canvas once refreshed, next to what was drawn before', async () => {
    const page = early;
    expect(before.nodes.some(isV2)).toBe(false);
    expect(await drawnNodeIds(page)).toEqual(before.nodes.map((n) => n.id).sort());
    const after = await nextGraph(page, () => page.getByRole('button', { name: 'Refresh now' }).click());
    const v2 = after.nodes.find(isV2)!;
    expect(v2).toBeDefined();
    await expectCanvasShowsGraph(page, after);
    // A refresh places the new node without moving those already drawn out of the canvas.
    const drawn = await readCanvas(page);
    expect(drawn!.nodes.filter((n) => !n.box).every((n) => n.inView)).toBe(true);
    expect(earlyErrors).toEqual([]);
    await page.context().close();
  });

  it('opens the side panel of sa-logic v2 clicked on the canvas, with an error ratio above zero', async () => {
    const page = await openPage(browser, inject('e2e').consoleUrl);
    const graph = await openGraph(page, 'namespaces=demo&window=1m');
    await expectCanvasShowsGraph(page, graph);
    await clickNode(page, graph.nodes.find(isV2)!.id);
    const panel = await visible(page.getByRole('complementary', { name: 'sa-logic v2' }));
    const text = await panel.locator('dt:text-is("Inbound error ratio (1 min avg)") + dd').innerText();
    expect(text).toMatch(/%$/);
    expect(Number.parseFloat(text.replace('<', ''))).toBeGreaterThan(0);
    await visible(panel.getByRole('link', { name: 'App sa-logic', exact: true }));
    await page.context().close();
  });

  it('marks exactly the failing edges on the canvas with the find %error > 1', async () => {
    const page = await openPage(browser, inject('e2e').consoleUrl);
    const graph = await openGraph(page, 'namespaces=demo&window=1m');
    await expectCanvasShowsGraph(page, graph);
    const failing = graph.edges
      .filter((e) => e.errorRatio * 100 > 1)
      .map((e) => e.id)
      .sort();
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.some((id) => id.includes(graph.nodes.find(isV2)!.id))).toBe(true);
    await page.getByRole('searchbox', { name: 'Find' }).fill('%error > 1');
    await visible(page.getByText(`${failing.length} found`, { exact: true }));
    const found = async () =>
      (await readCanvas(page))!.edges
        .filter((e) => e.classes.includes('found'))
        .map((e) => e.id)
        .sort();
    await expect.poll(found).toEqual(failing);
    await page.context().close();
  });

  it('says what is wrong with a bad find expression', async () => {
    const page = await openPage(browser, inject('e2e').consoleUrl);
    await openGraph(page, 'namespaces=demo');
    await page.getByRole('searchbox', { name: 'Find' }).fill('rps > fast');
    await visible(page.getByRole('alert').filter({ hasText: "Find: rps needs a number, not 'fast'" }));
    await page.context().close();
  });

  it("gives an edge's p50 / p95 / p99 as its Response time chart does, written as durations", async () => {
    const page = await openPage(browser, inject('e2e').consoleUrl);
    const errors = watchPageErrors(page).problems;
    const graph = await openGraph(page, 'namespaces=demo&window=1m');
    await expectCanvasShowsGraph(page, graph);
    const into = graph.edges.find((e) => e.target === graph.nodes.find(isV2)!.id)!;
    const edge = (await readCanvas(page))!.edges.find((e) => e.id === into.id)!;
    await page.mouse.click(edge.x, edge.y);
    const panel = await visible(page.getByRole('complementary', { name: /→ sa-logic v2$/ }));
    const figure = panel.locator('dt:text-is("p50 / p95 / p99 now") + dd');
    await expect.poll(() => figure.innerText(), { timeout: 15_000 }).toMatch(/ \/ .* \/ /);
    const quantiles = (await figure.innerText()).split(' / ');
    for (const q of quantiles) expect(q).toMatch(DURATION);

    const chart = await visible(panel.getByRole('figure', { name: /^Response time:/ }));
    const caption = (await chart.getAttribute('aria-label'))!;
    expect(caption).toBe(`Response time: p95 ${quantiles[1]} now`);
    // The value axis' ticks (recharts draws them apart from the axis line, as texts oriented left).
    const ticks = await chart.locator('text.recharts-cartesian-axis-tick-value[orientation="left"]').allTextContents();
    expect(ticks.length).toBeGreaterThan(1);
    for (const tick of ticks) expect(tick.replaceAll('\u00a0', ' ').trim()).toMatch(DURATION);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
