// Issue 17 item 2: the Logs tab of sa-logic's page, read from the screen: istio-proxy's access-log lines in columns
// (method, path, status, flags, duration, upstream cluster, request id), the application's own lines beside them, a
// text filter that narrows both, Follow bringing new lines in without a reload, the merged view interleaving both
// containers by time, and Kubernetes failing pods/log (the mesh's faults API) greying this tab alone, with a Retry.
import type { Locator, Page } from 'playwright-core';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { visible } from './browser.js';
import { pagePerTest } from './page-per-test.js';

let page: Page;
let outage = false;
// During the outage test the browser logs the logs route's 502s, which that test asked for.
pagePerTest((opened) => (page = opened), {
  watchErrors: true,
  expected: (p) => outage && /status of 502 .*\/api\/namespaces\/demo\/pods\/[^/]+\/logs/.test(p),
});
// Reset before each test, not after: pagePerTest's check runs after the test and reads it.
beforeEach(() => {
  outage = false;
});

const meshOrigin = () => new URL(inject('e2e').metricsUrl).origin;

/** Kubernetes answers 503 to every read of a pod's log (RBAC's name for it: pods/log) until the faults are cleared. */
async function failPodLogs(): Promise<void> {
  const res = await fetch(`${meshOrigin()}/faults/kubernetes`, {
    method: 'POST',
    body: JSON.stringify({ status: 503, count: 1000, verbs: ['get'], resource: 'pods/log' }),
  });
  expect(res.ok).toBe(true);
}

async function clearFaults(): Promise<void> {
  await fetch(`${meshOrigin()}/faults`, { method: 'DELETE' });
}

/** The full time of a log row (its time cell's title: the kubelet's RFC 3339 timestamp). */
const rowTime = async (row: Locator) => (await row.getByRole('cell').first().locator('[title]').getAttribute('title'))!;

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

describe('the Logs tab, following and merged', () => {
  it('follows: with Follow on, the newest line stays in view and newer ones arrive without a reload', async () => {
    await openLogsTab();
    const proxy = await visible(page.getByRole('table', { name: 'istio-proxy log lines' }));
    // A mark on the document: a reload would take it away.
    await page.evaluate(() => document.documentElement.setAttribute('data-not-reloaded', 'yes'));
    await page.getByRole('checkbox', { name: 'Follow' }).check();
    const last = proxy.getByRole('row').last();
    // The box scrolled to its end: the last row drawn is the log's last line, inside the box.
    await expect
      .poll(async () => (await last.getAttribute('aria-rowindex')) === (await proxy.getAttribute('aria-rowcount')))
      .toBe(true);
    const [lastBox, tableBox] = [(await last.boundingBox())!, (await proxy.boundingBox())!];
    expect(lastBox.y + lastBox.height).toBeLessThanOrEqual(tableBox.y + tableBox.height + 1);
    const newest = await rowTime(last);
    await expect
      .poll(async () => (await rowTime(proxy.getByRole('row').last())) > newest, { timeout: 20_000 })
      .toBe(true);
    expect(await page.evaluate(() => document.documentElement.getAttribute('data-not-reloaded'))).toBe('yes');
  });

  it("merges sa-logic's and istio-proxy's lines by time, each labelled with its pod and container", async () => {
    await openLogsTab();
    await page.getByRole('combobox', { name: 'Containers' }).selectOption({ label: 'Merged by time' });
    const merged = await visible(page.getByRole('table', { name: 'Merged log lines' }));
    expect((await merged.getByRole('columnheader').allInnerTexts()).slice(0, 3)).toEqual(['Time', 'Source', 'Method']);
    const rows = merged.getByRole('row').filter({ hasNot: page.getByRole('columnheader') });
    await expect
      .poll(async () => {
        const sources = await rows.evaluateAll((els) => els.map((el) => el.children[1]?.textContent ?? ''));
        return (
          sources.some((s) => /^sa-logic-[a-z0-9-]+ · istio-proxy$/.test(s)) &&
          sources.some((s) => /^sa-logic-[a-z0-9-]+ · sa-logic$/.test(s))
        );
      })
      .toBe(true);
    const times: string[] = [];
    for (const row of await rows.all()) times.push(await rowTime(row));
    expect(times).toEqual([...times].sort());
  });

  it('greys the Logs tab alone while Kubernetes fails pod logs, and a Retry brings the lines back', async () => {
    outage = true;
    await failPodLogs();
    const down = page.getByRole('alert').filter({ hasText: /log unavailable: .*answered 503/ });
    try {
      await openLogsTab();
      await expect.poll(() => down.count(), { timeout: 20_000 }).toBe(2);
      // The other tabs do not read logs.
      await page.getByRole('tab', { name: 'Metrics' }).click();
      await visible(page.getByRole('figure').first(), 30_000);
      expect(await page.getByText(/log unavailable/).count()).toBe(0);
      await page.getByRole('tab', { name: 'Logs', exact: true }).click();
      await expect.poll(() => down.count(), { timeout: 20_000 }).toBe(2);
    } finally {
      await clearFaults();
    }
    // Each pane has its own Retry.
    for (const pane of ['Application log', 'istio-proxy log'])
      await page.getByRole('region', { name: pane, exact: true }).getByRole('button', { name: 'Retry' }).click();
    await visible(page.getByRole('table', { name: 'istio-proxy log lines' }), 30_000);
    await visible(page.getByRole('table', { name: 'Application log lines' }));
    expect(await down.count()).toBe(0);
  });
});
