// Issue 16 item 1: the Overview's pods with kubectl's columns, the pod's own page (containers, events), and the Istio
// config that applies with its validation status, read from the screen with the article's canary applied.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { kubectl } from '../helpers/kubectl.js';
import { visible } from './browser.js';
import { applyCanary, undoCanary, type AppliedCanary } from './canary.js';
import { pagePerTest } from './page-per-test.js';

let page: Page;
pagePerTest((opened) => (page = opened), { watchErrors: true });
let canary: AppliedCanary | undefined;
let pods: { name: string; node: string; version: string }[] = [];

beforeAll(async () => {
  const { kubeconfig } = inject('e2e');
  canary = await applyCanary(kubeconfig);
  const list = JSON.parse(
    await kubectl(kubeconfig, ['get', 'pods', '-n', 'demo', '-l', 'app=sa-logic', '-o', 'json']),
  ) as {
    items: { metadata: { name: string; labels: Record<string, string> }; spec: { nodeName: string } }[];
  };
  pods = list.items.map((p) => ({
    name: p.metadata.name,
    node: p.spec.nodeName,
    version: p.metadata.labels['version']!,
  }));
}, 60_000);

afterAll(async () => {
  await undoCanary(inject('e2e').kubeconfig, canary);
});

/** The cells of a table row, by the column headers as drawn. */
async function rowCells(table: ReturnType<Page['getByRole']>, name: string): Promise<Record<string, string>> {
  const headers = await table.getByRole('columnheader').allInnerTexts();
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  const cells = [await row.getByRole('rowheader').innerText(), ...(await row.getByRole('cell').allInnerTexts())];
  return Object.fromEntries(headers.map((h, i) => [h.trim(), (cells[i] ?? '').trim()]));
}

describe('the pods of sa-logic and a pod of its own', () => {
  it('lists every sa-logic pod with 2/2 ready, Running and its node, then opens one: containers and events', async () => {
    await page.goto('/namespaces/demo/applications/sa-logic');
    const table = await visible(page.getByRole('table', { name: 'Pods of sa-logic' }));
    await visible(page.getByRole('heading', { level: 2, name: `Pods (${pods.length})` }));
    expect(pods.map((p) => p.version).sort()).toEqual(['v1', 'v1', 'v2']);
    for (const pod of pods) {
      const cells = await rowCells(table, pod.name);
      expect(cells).toMatchObject({ Status: 'Running', Phase: 'Running', Ready: '2/2', Restarts: '0', Node: pod.node });
      expect(cells['Proxy']).toBe('ready');
    }

    const opened = pods.find((p) => p.version === 'v2')!;
    await table.getByRole('link', { name: opened.name, exact: true }).click();
    await page.waitForURL(`**/namespaces/demo/pods/${opened.name}**`);
    await visible(page.getByRole('heading', { level: 1, name: opened.name }));
    const containers = await visible(page.getByRole('table', { name: 'Containers', exact: true }));
    expect(await containers.getByRole('rowheader').allInnerTexts()).toEqual(['sa-logic', 'istio-proxy']);
    expect(await rowCells(containers, 'istio-proxy')).toMatchObject({
      State: 'Running',
      Ready: 'ready',
      Restarts: '0',
    });
    const init = await visible(page.getByRole('table', { name: 'Init containers' }));
    expect(await rowCells(init, 'istio-init')).toMatchObject({ State: 'Terminated (Completed, exit code 0)' });
    const events = await visible(page.getByRole('table', { name: 'Events' }));
    const reasons = await events.locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(reasons[0]).toBe('Scheduled');
    expect(reasons).toEqual(expect.arrayContaining(['Pulled', 'Created', 'Started']));
    await visible(events.getByText(`Successfully assigned demo/${opened.name} to ${opened.node}`));
  });

  it("shows the canary's VirtualService and DestinationRule as the Istio config that applies, each validated", async () => {
    await page.goto('/namespaces/demo/applications/sa-logic');
    const config = await visible(page.getByRole('list', { name: 'Istio config' }));
    for (const name of ['VirtualService demo/sa-logic', 'DestinationRule demo/sa-logic']) {
      const item = config.getByRole('listitem').filter({ has: page.getByRole('link', { name, exact: true }) });
      await visible(item.getByText('Valid', { exact: true }));
    }
    await page.getByRole('link', { name: 'VirtualService demo/sa-logic', exact: true }).click();
    await page.waitForURL('**/namespaces/demo/istio/VirtualService/sa-logic**');
    await visible(page.getByRole('figure', { name: 'YAML of VirtualService sa-logic' }));
  });
});
