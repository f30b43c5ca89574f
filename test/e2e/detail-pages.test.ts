// Issue 13 item 2: the detail pages show what their route sent (pods, Istio config), not just the list row.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { rowNamed, visible } from './browser.js';
import { pagePerTest } from './page-per-test.js';

let page: Page;
pagePerTest((opened) => (page = opened), { watchErrors: true });

/** The pod names in a "Pods of …" table, as drawn. */
async function podNames(name: string): Promise<string[]> {
  const table = await visible(page.getByRole('table', { name: `Pods of ${name}` }));
  await visible(table.getByRole('rowheader').first());
  return table.getByRole('rowheader').allInnerTexts();
}

async function expectSaLogicConfig() {
  const config = await visible(page.getByRole('list', { name: 'Istio config' }));
  await visible(config.getByRole('link', { name: 'VirtualService demo/sa-logic', exact: true }));
  await visible(config.getByRole('link', { name: 'DestinationRule demo/sa-logic', exact: true }));
}

describe('detail pages', () => {
  it('lists the 2 pods of the sa-logic workload by name, and its VirtualService and DestinationRule', async () => {
    await page.goto('/namespaces/demo/workloads/sa-logic');
    await visible(page.getByRole('heading', { level: 2, name: 'Pods (2)' }));
    const pods = await podNames('sa-logic');
    expect(pods).toHaveLength(2);
    for (const pod of pods) expect(pod).toMatch(/^sa-logic-[a-z0-9]+-[a-z0-9]+$/);
    await expectSaLogicConfig();
  });

  it('lists the same 2 pods on the sa-logic application page, with its Istio config, and opens the VirtualService', async () => {
    await page.goto('/namespaces/demo/workloads/sa-logic');
    const fromWorkload = await podNames('sa-logic');
    await page.goto('/namespaces/demo/applications/sa-logic');
    await visible(page.getByRole('heading', { level: 2, name: 'Pods (2)' }));
    expect((await podNames('sa-logic')).sort()).toEqual([...fromWorkload].sort());
    const pods = page.getByRole('table', { name: 'Pods of sa-logic' });
    await visible(pods.getByRole('columnheader', { name: 'Workload' }));
    await expectSaLogicConfig();

    await page.getByRole('link', { name: 'VirtualService demo/sa-logic', exact: true }).click();
    await page.waitForURL('**/namespaces/demo/istio/VirtualService/sa-logic**');
    await visible(page.getByRole('figure', { name: 'YAML of VirtualService sa-logic' }));
  });

  it('opens the sa-logic service from the services list, and its badges lead to its VirtualService', async () => {
    await page.goto('/services?namespaces=demo');
    const table = await visible(page.getByRole('table', { name: 'Services in demo' }));
    await (await visible(rowNamed(table, 'sa-logic'))).getByRole('link', { name: 'sa-logic', exact: true }).click();
    await page.waitForURL('**/namespaces/demo/services/sa-logic**');
    await expectSaLogicConfig();
    await page.getByRole('link', { name: 'VirtualService', exact: true }).click();
    await page.waitForURL('**/namespaces/demo/istio/VirtualService/sa-logic**');
    await visible(page.getByRole('figure', { name: 'YAML of VirtualService sa-logic' }));
  });
});
