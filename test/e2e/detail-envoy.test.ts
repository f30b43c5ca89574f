// Issue 16 item 4: the Envoy tab of a workload page, read from the screen. After the article's 90/10 canary of
// sa-logic, sa-webapp's proxy routes sa-logic to two weighted clusters; a pod without a sidecar says so in words; two
// pods of one workload compare equal.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { visible } from './browser.js';
import { applyCanary, undoCanary, type AppliedCanary } from './canary.js';
import { pagePerTest } from './page-per-test.js';

let page: Page;
let canary: AppliedCanary | undefined;
let sidecarless = false;

// The pod without a sidecar: the browser logs the Envoy route's 409 as a failed resource load, which that test asks
// for; nothing else may go wrong.
pagePerTest((opened) => (page = opened), {
  watchErrors: true,
  expected: (p) => sidecarless && /status of 409/.test(p),
});

beforeAll(async () => {
  canary = await applyCanary(inject('e2e').kubeconfig);
});
afterAll(async () => {
  await undoCanary(inject('e2e').kubeconfig, canary);
});
// Reset before each test, not after: pagePerTest's check runs after the test and reads it.
beforeEach(() => {
  sidecarless = false;
});

/** Opens a workload's page and its Envoy tab the way a person does: the page, then the tab. */
async function openEnvoyTab(namespace: string, workload: string) {
  await page.goto(`/namespaces/${namespace}/workloads/${workload}`);
  await (await visible(page.getByRole('tab', { name: 'Envoy', exact: true }))).click();
  await page.waitForURL(/tab=envoy/);
}

describe('the Envoy tab', () => {
  it("shows sa-webapp's route to sa-logic split 90% to v1 and 10% to v2, filtered by sa-logic", async () => {
    await openEnvoyTab('demo', 'sa-webapp');
    await (await visible(page.getByRole('tab', { name: 'Routes', exact: true }))).click();
    await page.getByRole('searchbox', { name: 'Filter routes' }).fill('sa-logic');
    await page.waitForURL(/envoyFilter=sa-logic/);
    // The unfiltered table stays on screen until the filtered answer comes; the count says when it has.
    await visible(page.getByText(/^\d+ of [\d,]+ routes/));
    const table = await visible(page.getByRole('table', { name: /^Envoy routes of sa-webapp-/ }));
    const weighted = table.getByRole('row').filter({ hasText: 'outbound|80|v2|sa-logic.demo.svc.cluster.local' });
    const text = await (await visible(weighted)).innerText();
    expect(text).toMatch(/outbound\|80\|v1\|sa-logic\.demo\.svc\.cluster\.local\s+90%/);
    expect(text).toMatch(/outbound\|80\|v2\|sa-logic\.demo\.svc\.cluster\.local\s+10%/);
    // Every row on screen matches the filter. Read in one go: a refresh may redraw the table between two reads.
    for (const cells of await table.getByRole('row').allInnerTexts()) {
      if (!cells.startsWith('Route config')) expect(cells).toContain('sa-logic');
    }
  });

  it("reads the workload certificate's SPIFFE id in Secrets", async () => {
    await openEnvoyTab('demo', 'sa-webapp');
    await (await visible(page.getByRole('tab', { name: 'Secrets', exact: true }))).click();
    const table = await visible(page.getByRole('table', { name: /^Envoy secrets of sa-webapp-/ }));
    await visible(table.getByText('spiffe://cluster.local/ns/demo/sa/sa-webapp', { exact: true }));
  });

  it('says in words that a pod without a sidecar has no Envoy, instead of empty tables', async () => {
    sidecarless = true;
    await openEnvoyTab('legacy', 'legacy-reports');
    await visible(page.getByText(/No Envoy sidecar in legacy-reports-/));
    expect(await page.getByRole('table', { name: /^Envoy clusters of/ }).count()).toBe(0);
  });

  it('compares two pods of sa-logic v1 and finds the same config', async () => {
    await openEnvoyTab('demo', 'sa-logic');
    const compare = await visible(page.getByRole('combobox', { name: 'Compare with pod…' }));
    const other = (await compare.getByRole('option').allInnerTexts()).find((o) => o !== '(none)')!;
    await compare.selectOption(other);
    await visible(page.getByText(/have the same Envoy config\.$/));
  });
});
