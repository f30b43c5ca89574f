// Issue 13 item 7: what the lists warn about, how they sort and filter, and where their badges lead.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { rowNamed, visible } from './browser.js';
import { pagePerTest } from './page-per-test.js';

let page: Page;
pagePerTest((opened) => (page = opened), { watchErrors: true });

/** The text of one column in every row, in the order drawn. */
async function column(table: Locator, header: string): Promise<string[]> {
  const headers = await table.getByRole('columnheader').allInnerTexts();
  const index = headers.findIndex((h) => h.startsWith(header));
  expect(index, `column ${header} among ${headers.join(', ')}`).toBeGreaterThanOrEqual(0);
  const rows = await table.getByRole('row').all();
  const texts: string[] = [];
  for (const row of rows.slice(1)) texts.push((await row.locator('th, td').nth(index).innerText()).trim());
  return texts;
}

const podsKey = (text: string) => text.split('/').map(Number) as [number, number];
const byPods = (a: string, b: string) => podsKey(a)[0] - podsKey(b)[0] || podsKey(a)[1] - podsKey(b)[1];

describe('the workload list', () => {
  it('warns of no missing sidecar on istiod or the ingress gateway, and says why they need none', async () => {
    await page.goto('/workloads?namespaces=istio-system');
    const table = await visible(page.getByRole('table', { name: 'Workloads in istio-system' }));
    const istiod = await visible(rowNamed(table, 'istiod'));
    await visible(istiod.getByRole('cell', { name: 'No sidecar (control plane)' }));
    // The gateway is an Envoy itself: whether or not it reads "Sidecar", it is never missing one.
    await visible(rowNamed(table, 'istio-ingressgateway'));
    expect(await table.getByText('Missing sidecar').count()).toBe(0);
  });

  it('still warns of the missing sidecar of legacy-reports, where one is expected', async () => {
    await page.goto('/workloads?namespaces=legacy');
    const table = await visible(page.getByRole('table', { name: 'Workloads in legacy' }));
    const row = await visible(rowNamed(table, 'legacy-reports'));
    await visible(row.getByRole('link', { name: 'Missing sidecar' }));
  });

  it('sorts by Pods both ways from the Pods header', async () => {
    await page.goto('/workloads?namespaces=demo');
    const table = await visible(page.getByRole('table', { name: 'Workloads in demo' }));
    await visible(rowNamed(table, 'sa-webapp'));
    const before = await column(table, 'Pods');
    await table.getByRole('button', { name: /^Pods/ }).click();
    expect(await table.getByRole('columnheader', { name: /^Pods/ }).getAttribute('aria-sort')).toBe('ascending');
    const ascending = await column(table, 'Pods');
    expect(ascending).toEqual([...before].sort(byPods));
    expect(ascending).not.toEqual(before); // by name, sa-logic (the one with 2 pods) is not last
    await table.getByRole('button', { name: /^Pods/ }).click();
    const descending = await column(table, 'Pods');
    expect(descending).toEqual([...before].sort((a, b) => byPods(b, a)));
    expect((await table.getByRole('rowheader').allInnerTexts())[0]).toBe('sa-logic');
  });

  it('filters by a label, a badge and a health word, not only by name', async () => {
    await page.goto('/workloads?namespaces=demo');
    const table = await visible(page.getByRole('table', { name: 'Workloads in demo' }));
    await visible(rowNamed(table, 'sa-webapp'));
    const names = await table.getByRole('rowheader').allInnerTexts();
    const versions = await column(table, 'Version');
    const badges = await column(table, 'Istio');
    const health = await column(table, 'Health');
    const filter = page.getByRole('searchbox', { name: 'Filter workloads' });
    /** Types the words and waits for the count a person reads, then returns the rows drawn. */
    const filtered = async (words: string, expected: string[]) => {
      await filter.fill(words);
      const count =
        expected.length === names.length
          ? `${names.length} workloads`
          : `${expected.length} of ${names.length} workloads`;
      await visible(page.getByText(count, { exact: true }));
      return table.getByRole('rowheader').allInnerTexts();
    };

    const white = names.filter((_, i) => versions[i] === 'white');
    expect(white.length).toBeGreaterThan(0);
    expect(await filtered('version=white', white)).toEqual(white);

    const routed = names.filter((_, i) => badges[i]!.includes('VirtualService'));
    expect(routed).toContain('sa-logic');
    expect(await filtered('virtualservice', routed)).toEqual(routed);

    const healthy = names.filter((_, i) => health[i] === 'Healthy');
    expect(healthy.length).toBeGreaterThan(0);
    expect(await filtered('Healthy', healthy)).toEqual(healthy);
  });

  it('opens the VirtualService its badge stands for', async () => {
    await page.goto('/workloads?namespaces=demo');
    const table = await visible(page.getByRole('table', { name: 'Workloads in demo' }));
    await (await visible(rowNamed(table, 'sa-logic'))).getByRole('link', { name: 'VirtualService' }).click();
    await page.waitForURL('**/namespaces/demo/istio/VirtualService/sa-logic**');
    await visible(page.getByRole('figure', { name: 'YAML of VirtualService sa-logic' }));
  });

  it("opens the Gateway that selects the ingress gateway from the gateway's badge", async () => {
    await page.goto('/workloads?namespaces=istio-system');
    const table = await visible(page.getByRole('table', { name: 'Workloads in istio-system' }));
    await (
      await visible(rowNamed(table, 'istio-ingressgateway'))
    )
      .getByRole('link', { name: 'Gateway', exact: true })
      .click();
    await page.waitForURL('**/namespaces/demo/istio/Gateway/http-gateway**');
    await visible(page.getByRole('figure', { name: 'YAML of Gateway http-gateway' }));
  });

  it('opens the pods behind a Missing sidecar badge', async () => {
    await page.goto('/applications?namespaces=legacy');
    const table = await visible(page.getByRole('table', { name: 'Applications in legacy' }));
    await (await visible(rowNamed(table, 'legacy-reports'))).getByRole('link', { name: 'Missing sidecar' }).click();
    await page.waitForURL('**/namespaces/legacy/applications/legacy-reports**#pods-heading');
    const pods = await visible(page.getByRole('table', { name: 'Pods of legacy-reports' }));
    expect(await column(pods, 'Sidecar')).toEqual(['Missing sidecar']);
  });
});
