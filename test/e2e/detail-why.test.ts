// Issue 17 items 3 and 4 in the browser: sa-logic's service page during the article's 90/10 canary; a range dragged
// across the error chart goes to the URL, is shaded, and the "why" panel names sa-logic v2 and its 500s first (v2
// fails randomly, FAIL_RANDOMLY in the canary's Deployment). Then "Clear range" takes the range and the panel away.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { whyResponse } from '../../lib/api/why.js';
import { visible } from './browser.js';
import { applyCanary, pollUntil, undoCanary, type AppliedCanary } from './canary.js';
import { pagePerTest } from './page-per-test.js';

let page: Page;
pagePerTest((opened) => (page = opened), { watchErrors: true });

let canary: AppliedCanary | undefined;

beforeAll(async () => {
  const { kubeconfig, consoleUrl } = inject('e2e');
  canary = await applyCanary(kubeconfig);
  // Until the summary of the last minute names v2's failures (what the panel will show once a range is dragged).
  await pollUntil(async () => {
    const endUs = Date.now() * 1000;
    const answer = whyResponse.parse(
      await fetch(`${consoleUrl}/api/namespaces/demo/services/sa-logic/why?start=${endUs - 120e6}&end=${endUs}`).then(
        (r) => r.json(),
      ),
    );
    return answer.findings[0]?.title.includes('→ sa-logic v2') ?? false;
  }, 'the summary of sa-logic never named v2 failing within 90 s of the canary');
}, 150_000);

afterAll(async () => {
  await undoCanary(inject('e2e').kubeconfig, canary);
});

describe("sa-logic's why panel", () => {
  it('drag-selects a range on the error chart: the URL holds it, and the top finding names sa-logic v2 and its 500s', async () => {
    await page.goto('/namespaces/demo/services/sa-logic?window=5m&tab=metrics');
    const chart = await visible(page.getByRole('figure', { name: 'Error ratio', exact: true }));
    // The plot area (the grid's lines span it), dragged from its middle to its right end.
    const grid = await visible(chart.locator('.recharts-cartesian-grid'));
    const box = (await grid.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.4, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, y, { steps: 5 });
    await page.mouse.move(box.x + box.width - 2, y, { steps: 5 });
    await page.mouse.up();
    await page.waitForURL(/[?&]from=\d+&to=\d+/);
    const url = new URL(page.url());
    expect(Number(url.searchParams.get('to'))).toBeGreaterThan(Number(url.searchParams.get('from')));
    // The range is shaded on every chart, and said in words with a way to clear it.
    await expect.poll(() => page.locator('.chosen-range').count()).toBeGreaterThan(1);
    await visible(page.getByTestId('chosen-range'));
    const panel = await visible(page.getByRole('region', { name: 'Why is this slow / failing?' }));
    const first = await visible(panel.getByRole('list', { name: 'Findings' }).getByRole('listitem').first(), 30_000);
    const text = await first.innerText();
    expect(text).toMatch(/sa-logic v2/);
    expect(text).toMatch(/\b500\b/);
    // Its link opens the edge on the graph.
    expect(await first.getByRole('link').first().getAttribute('href')).toMatch(/^\/graph\?.*select=/);
  });

  it('chooses a range from the keyboard with two time inputs, and clears it', async () => {
    await page.goto('/namespaces/demo/services/sa-logic?window=5m&tab=metrics');
    const range = await visible(page.getByRole('group', { name: 'Range' }));
    await range.getByRole('button', { name: 'Apply range' }).click();
    await page.waitForURL(/[?&]from=\d+&to=\d+/);
    await visible(page.getByRole('region', { name: 'Why is this slow / failing?' }));
    await range.getByRole('button', { name: 'Clear range' }).click();
    // The router writes the URL after the click's render: a busy machine takes longer than expect.poll's 1 s default.
    await expect.poll(() => new URL(page.url()).searchParams.get('from'), { timeout: 10_000 }).toBeNull();
    expect(await page.getByRole('region', { name: 'Why is this slow / failing?' }).count()).toBe(0);
  });
});
