// Issue 17 item 2: the Logs tab of sa-logic's page, read from the screen: istio-proxy's access-log lines in columns
// (method, path, status, flags, duration, upstream cluster, request id), the application's own lines beside them, and
// a text filter that narrows both.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { visible } from './browser.js';
import { pagePerTest } from './page-per-test.js';

let page: Page;
pagePerTest((opened) => (page = opened), { watchErrors: true });

async function openLogsTab() {
  await page.goto('/namespaces/demo/applications/sa-logic');
  await (await visible(page.getByRole('tab', { name: 'Logs', exact: true }))).click();
  await page.waitForURL(/tab=logs/);
}

describe('the Logs tab', () => {
  it("shows sa-logic's proxy access-log lines in columns, beside the application's log", async () => {
    await openLogsTab();
    const proxy = await visible(page.getByRole('table', { name: 'istio-proxy log lines' }));
    const headers = await proxy.getByRole('columnheader').allInnerTexts();
    expect(headers).toEqual([
      'Time',
      'Method',
      'Path',
      'Status',
      'Flags',
      'Duration',
      'Upstream cluster',
      'Upstream host',
      'Request id',
      'Trace',
    ]);
    // A row of the inbound side: sa-webapp's POST arrives on sa-logic's inbound cluster with its request id.
    const row = await visible(proxy.getByRole('row').filter({ hasText: 'inbound|' }).first());
    const cells = await row.getByRole('cell').allInnerTexts();
    expect(cells[1]).toMatch(/^(GET|POST)$/);
    expect(cells[3]).toMatch(/^\d{3}$/);
    expect(cells[5]).toMatch(/^\d+ ms$/);
    expect(cells[6]).toMatch(/^inbound\|\d+\|\|$/);
    expect(cells[8]).toMatch(/^[0-9a-f-]{36}$/);
    await visible(page.getByRole('table', { name: 'Application log lines' }));
  });

  it('narrows both logs to the lines holding the filter text', async () => {
    await openLogsTab();
    const proxy = await visible(page.getByRole('table', { name: 'istio-proxy log lines' }));
    const requestId = (await proxy.getByRole('row').nth(1).getByRole('cell').allInnerTexts())[8]!;
    await page.getByRole('searchbox', { name: 'Filter' }).fill(requestId);
    // Once the filter applies, every line shown holds it (the proxy's lines of that request, whichever side).
    await expect
      .poll(async () => {
        const rows = await proxy.getByRole('row').allInnerTexts();
        return rows.length > 1 && rows.slice(1).every((r) => r.includes(requestId));
      })
      .toBe(true);
  });
});
