import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { rowNamed, visible } from './browser.js';
import { pagePerTest } from './page-per-test.js';

let page: Page;
pagePerTest((opened) => (page = opened), { watchErrors: false });

describe('the console on the sentiment-analysis mesh', () => {
  it('shows the demo namespace on the overview with its 4 applications', async () => {
    await page.goto('/');
    const card = await visible(page.getByRole('article', { name: 'demo', exact: true }));
    await visible(card.getByRole('link', { name: '4 applications', exact: true }));
    await visible(card.getByText('Sidecar injection on'));
  });

  it('lists sa-logic v1 with 2 of 2 pods and a sidecar', async () => {
    await page.goto('/workloads?namespaces=demo');
    const table = await visible(page.getByRole('table', { name: 'Workloads in demo' }));
    const row = await visible(rowNamed(table, 'sa-logic'));
    await visible(row.getByRole('cell', { name: 'v1', exact: true }));
    await visible(row.getByRole('cell', { name: '2/2', exact: true }));
    await visible(row.getByRole('cell', { name: 'Sidecar', exact: true }));
  });

  it('narrows the workloads to what the filter box matches', async () => {
    await page.goto('/workloads?namespaces=demo');
    const table = await visible(page.getByRole('table', { name: 'Workloads in demo' }));
    await visible(rowNamed(table, 'sa-frontend'));
    await page.getByRole('searchbox', { name: 'Filter workloads' }).fill('logic');
    await rowNamed(table, 'sa-frontend').waitFor({ state: 'detached' });
    await visible(rowNamed(table, 'sa-logic'));
  });

  it('sorts a column both ways from its header', async () => {
    await page.goto('/workloads?namespaces=demo');
    const table = await visible(page.getByRole('table', { name: 'Workloads in demo' }));
    await visible(rowNamed(table, 'sa-webapp'));
    const names = () => table.getByRole('rowheader').allInnerTexts();
    expect(await names()).toEqual(['sa-feedback', 'sa-frontend', 'sa-logic', 'sa-webapp']);
    await table.getByRole('button', { name: /^Workload/ }).click();
    expect(await names()).toEqual(['sa-webapp', 'sa-logic', 'sa-frontend', 'sa-feedback']);
    expect(await table.getByRole('columnheader', { name: /^Workload/ }).getAttribute('aria-sort')).toBe('descending');
  });

  it('opens the header of sa-logic from the workloads list', async () => {
    await page.goto('/workloads?namespaces=demo&window=10m');
    const table = await visible(page.getByRole('table', { name: 'Workloads in demo' }));
    await rowNamed(table, 'sa-logic').getByRole('link', { name: 'sa-logic' }).click();
    await page.waitForURL('**/namespaces/demo/workloads/sa-logic?**');
    await visible(page.getByRole('heading', { level: 1, name: 'sa-logic' }));
    await visible(page.getByText('2/2 ready'));
    const app = page.getByRole('link', { name: 'sa-logic', exact: true }).and(page.locator('[href*="/applications/"]'));
    await visible(app); // its app (the service of the same name is a link too)
    expect(new URL(page.url()).searchParams.get('window')).toBe('10m');
  });

  it('lists the 4 applications of demo with their versions', async () => {
    await page.goto('/applications?namespaces=demo');
    const table = await visible(page.getByRole('table', { name: 'Applications in demo' }));
    await visible(rowNamed(table, 'sa-frontend').getByRole('cell', { name: 'white', exact: true }));
    expect(await table.getByRole('rowheader').allInnerTexts()).toEqual([
      'sa-feedback',
      'sa-frontend',
      'sa-logic',
      'sa-webapp',
    ]);
  });

  it('lists the applied Gateway and VirtualService and shows the YAML of one', async () => {
    await page.goto('/istio?namespaces=demo');
    const table = await visible(page.getByRole('table', { name: 'Istio config in demo' }));
    await visible(rowNamed(table, 'http-gateway').getByRole('cell', { name: 'Gateway', exact: true }));
    const vs = await visible(rowNamed(table, 'sa-external-services'));
    await visible(vs.getByRole('cell', { name: 'VirtualService', exact: true }));

    await vs.getByRole('link', { name: 'sa-external-services' }).click();
    await page.waitForURL('**/namespaces/demo/istio/VirtualService/sa-external-services**');
    const yaml = await visible(page.getByRole('figure', { name: 'YAML of VirtualService sa-external-services' }));
    const text = await yaml.innerText();
    expect(text).toContain('kind: VirtualService');
    expect(text).toContain('name: sa-external-services');
    expect(text).toMatch(/gateways:\s*\n\s*- http-gateway/);
  });

  it('keeps the chosen time window in the URL, asks the routes for it, and keeps it after a reload', async () => {
    await page.goto('/workloads?namespaces=demo');
    await visible(page.getByRole('table', { name: 'Workloads in demo' }));
    const asked = page.waitForResponse((res) => res.url().includes('/api/namespaces/demo/workloads?window=1h'));
    await page.getByRole('combobox', { name: 'Time window' }).selectOption({ label: 'Last 1 hour' });
    await page.waitForURL(/[?&]window=1h/);
    expect((await asked).status()).toBe(200);

    await page.reload();
    const picker = await visible(page.getByRole('combobox', { name: 'Time window' }));
    expect(await picker.inputValue()).toBe('1h');
    expect(new URL(page.url()).searchParams.get('namespaces')).toBe('demo');
  });
});
