// Issue 19's browser test: the article's canary of sa-logic done from the graph's side panel, as a person does it.
// Select the sa-logic service on the canvas, type 10 % for v2, Preview and read the diff, Apply, and see the split on
// the graph (the drawn edges' labels as cytoscape holds them, edgeLabels=share); then "Send all traffic back to v1"
// and see 100/0; then roll back from the history and see the split again. The article's VirtualService and
// DestinationRule of sa-logic are put back at the end, and sa-logic v2 removed, for the files after this one.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphResponse } from '../../lib/api/graph.js';
import { kubectl, patchSaLogic } from '../helpers/kubectl.js';
import { launchChromium, openPage, visible } from './browser.js';
import { backToArticleRouting, v2PinnedToV1 } from './canary.js';
import { readCanvas } from './graph-canvas.js';
import { clickNode, expectCanvasShowsGraph, nextGraph, openGraph } from './graph-page.js';
import { watchPageErrors } from './watch-page-errors.js';

const isService = (n: GraphResponse['nodes'][number]) => n.nodeType === 'service' && n.service === 'sa-logic';
const isV2 = (n: GraphResponse['nodes'][number]) => n.nodeType === 'app' && n.app === 'sa-logic' && n.version === 'v2';

/**
 * v2's share of the sa-logic service's requests as the canvas draws it on the edge into v2 ("10.2%"), after a refresh
 * the page asked for; null when no edge into v2 is drawn (it had no requests in the window).
 */
async function drawnShareOfV2(page: Page): Promise<number | null> {
  const graph = await nextGraph(page, () => page.getByRole('button', { name: 'Refresh now' }).click());
  await expectCanvasShowsGraph(page, graph);
  const service = graph.nodes.find(isService);
  const v2 = graph.nodes.find(isV2);
  if (!service || !v2) return null;
  const edge = (await readCanvas(page))!.edges.find((e) => e.source === service.id && e.target === v2.id);
  if (!edge) return null;
  const m = /^<?([\d.]+)%$/.exec(edge.label);
  expect(m, `an edge share as the graph writes it: "${edge.label}"`).not.toBeNull();
  return Number(m![1]);
}

/** Refreshes the graph (as a person presses "Refresh now") until v2's drawn share passes `check`, for 150 s. */
async function refreshUntil(
  page: Page,
  check: (share: number | null) => boolean,
  what: string,
): Promise<number | null> {
  const deadline = Date.now() + 150_000;
  let share: number | null = null;
  while (Date.now() < deadline) {
    share = await drawnShareOfV2(page);
    if (check(share)) return share;
    await page.waitForTimeout(3_000); // one Prometheus scrape or so between refreshes, as a person would wait
  }
  throw new Error(`${what}: v2's drawn share was ${share}% after 150 s of refreshes`);
}

/** With SEXTANT_E2E_SHOTS=<dir>, a PNG of what the person sees at this step, for the README. */
async function shoot(what: Locator, name: string): Promise<void> {
  const dir = process.env['SEXTANT_E2E_SHOTS'];
  if (dir) await what.screenshot({ path: `${dir}/${name}` });
}

const splitNow = (panel: Locator) => panel.getByText(/^Split now:/);

describe('shifting sa-logic from the graph', () => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    const { kubeconfig, consoleUrl } = inject('e2e');
    // The article's starting point: v2 deployed, the VirtualService pinning everything to v1.
    await v2PinnedToV1(kubeconfig, consoleUrl);
    const browser = await launchChromium();
    page = await openPage(browser, consoleUrl);
    errors = watchPageErrors(page).problems;
  }, 150_000);

  afterAll(async () => {
    const { kubeconfig } = inject('e2e');
    await backToArticleRouting(kubeconfig);
    await page?.context().browser()?.close();
  });

  it('sets 90/10 in the side panel, reads the diff, applies it, sends all back to v1 and rolls back', async () => {
    const graph = await openGraph(page, 'namespaces=demo&window=1m&edgeLabels=share');
    await expectCanvasShowsGraph(page, graph);
    await clickNode(page, graph.nodes.find(isService)!.id);
    const side = await visible(page.getByRole('complementary', { name: 'sa-logic' }));
    const panel = await visible(side.getByRole('region', { name: 'Traffic routing of sa-logic' }));
    await visible(splitNow(panel).filter({ hasText: 'v1 100 %, v2 0 %' }));

    // 10 % typed for v2: v1 follows to 90.
    await panel.getByRole('spinbutton', { name: 'v2 %' }).fill('10');
    expect(await panel.getByRole('spinbutton', { name: 'v1 %' }).inputValue()).toBe('90');
    await panel.getByRole('button', { name: 'Preview', exact: true }).click();
    const diff = await visible(panel.getByLabel('YAML diff'));
    const diffText = await diff.innerText();
    expect(diffText).toMatch(/^\+\s+weight: 90$/m);
    expect(diffText).toMatch(/^\+\s+weight: 10$/m);
    expect(diffText).toMatch(/^-\s+weight: 100$/m);
    await diff.scrollIntoViewIfNeeded();
    await shoot(page.locator('main'), 'traffic-panel.png');
    await panel.getByRole('button', { name: 'Apply', exact: true }).click();
    await visible(panel.getByRole('status').filter({ hasText: /^Applied:/ }));
    await visible(splitNow(panel).filter({ hasText: 'v1 90 %, v2 10 %' }));

    // The split on the graph: v2's edge drawn with a share near 10 % once Prometheus has the new requests.
    const canary = await refreshUntil(page, (s) => s !== null && s >= 5 && s <= 15, 'the 90/10 split never showed');
    expect(canary).toBeGreaterThanOrEqual(5);
    if (process.env['SEXTANT_E2E_SHOTS']) {
      // The split drawn whole: fitted, with the panel's split line in view.
      await page.getByRole('button', { name: 'Fit', exact: true }).click();
      await splitNow(panel).scrollIntoViewIfNeeded();
      await shoot(page.locator('main'), 'traffic-graph-split.png');
    }

    // One button back to v1, previewed, applied: the panel reads 100/0 and v2's edge falls to nothing.
    await panel.getByRole('button', { name: 'Send all traffic back to v1' }).click();
    // v2's destination leaves the route; v1, alone, takes everything (Istio: a lone destination's weight is 100).
    const backDiff = await (await visible(panel.getByLabel('YAML diff'))).innerText();
    expect(backDiff).toMatch(/^-\s+subset: v2$/m);
    expect(backDiff).toMatch(/^-\s+weight: 10$/m);
    expect(backDiff).not.toMatch(/^\+.*subset: v2$/m);
    await panel.getByRole('button', { name: 'Apply', exact: true }).click();
    await visible(splitNow(panel).filter({ hasText: 'v1 100 %, v2 0 %' }));
    await refreshUntil(page, (s) => s === null || s === 0, 'v2 kept its share after everything went back to v1');

    // The history's newest entry is the send-all-back: rolling back to before it brings the split back.
    await panel.getByText('History', { exact: true }).click();
    const history = await visible(panel.getByRole('list', { name: 'Routing changes of sa-logic' }));
    const newest = history.getByRole('listitem').first();
    expect(await history.getByRole('listitem').count()).toBeGreaterThanOrEqual(2);
    await newest.getByRole('button', { name: 'Roll back to before this' }).click();
    const rollbackDiff = await (await visible(panel.getByLabel('YAML diff'))).innerText();
    expect(rollbackDiff).toMatch(/^\+\s+weight: 10$/m);
    await panel.getByRole('button', { name: 'Apply', exact: true }).click();
    await visible(splitNow(panel).filter({ hasText: 'v1 90 %, v2 10 %' }));
    await refreshUntil(page, (s) => s !== null && s > 0, 'the rolled-back split never reached v2 again');
    expect(errors).toEqual([]);
  }, 600_000);

  it("shows the same on sa-logic's page: the Routing tab with its history, the Metrics tab naming the change", async () => {
    await page.goto('/namespaces/demo/services/sa-logic?tab=routing&refresh=off&window=10m');
    const panel = await visible(page.getByRole('region', { name: 'Traffic routing of sa-logic' }));
    await visible(splitNow(panel).filter({ hasText: 'v1 90 %, v2 10 %' }));
    await visible(panel.getByRole('button', { name: 'Send all traffic back to v1' }));
    // Newest first: the rollback, the send-all-back, the 90/10.
    const history = await visible(panel.getByRole('list', { name: 'Routing changes of sa-logic' }));
    expect(await history.getByRole('listitem').first().innerText()).toMatch(/^Rollback/);
    expect(await history.getByRole('listitem').count()).toBeGreaterThanOrEqual(3);

    // The watch's marker of the 90/10 write (managedFields: manager sextant) named by what the audit log says it did.
    await page.getByRole('tab', { name: 'Metrics' }).click();
    const changes = await visible(page.getByRole('list', { name: 'Config changes in the window' }));
    await visible(changes.getByRole('listitem').filter({ hasText: /by sextant: send 90 % to v1 and 10 % to v2/ }));
    expect(errors).toEqual([]);
  }, 60_000);

  it('says "changed since you looked" when the VirtualService changed between Preview and Apply, and writes nothing', async () => {
    const { kubeconfig } = inject('e2e');
    await page.goto('/namespaces/demo/services/sa-logic?tab=routing&refresh=off');
    const panel = await visible(page.getByRole('region', { name: 'Traffic routing of sa-logic' }));
    await visible(splitNow(panel).filter({ hasText: 'v1 90 %, v2 10 %' }));
    await panel.getByRole('button', { name: '50/50', exact: true }).click();
    await panel.getByRole('button', { name: 'Preview', exact: true }).click();
    await visible(panel.getByLabel('YAML diff'));
    // A colleague's write after the preview: a timeout on the same route.
    const patch = [{ op: 'add', path: '/spec/http/0/timeout', value: '5s' }];
    await patchSaLogic(kubeconfig, 'vs', patch);
    await panel.getByRole('button', { name: 'Apply', exact: true }).click();
    await visible(panel.getByRole('alert').filter({ hasText: /^Changed since you looked/ }));
    // The new plan is shown against the objects as they are now (the colleague's timeout among them), not written.
    await visible(panel.getByLabel('YAML diff'));
    const weights = await kubectl(kubeconfig, [
      '-n',
      'demo',
      'get',
      'virtualservice',
      'sa-logic',
      '-o',
      'jsonpath={.spec.http[0].route[*].weight} {.spec.http[0].timeout}',
    ]);
    expect(weights.trim()).toBe('90 10 5s');
    expect(errors.filter((e) => !e.includes('409'))).toEqual([]);
  }, 60_000);
});
