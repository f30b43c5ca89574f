// Its own Prometheus and console against the shared mesh, so stopping Prometheus disturbs no other test.
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { startConsole, type ConsoleProcess } from '../../scripts/console-process.js';
import { freePort, startRealPrometheus, type RealPrometheus } from '@sextant/mesh-in-a-box';
import { launchChromium, openPage, rowNamed, visible } from './browser.js';

let prometheus: RealPrometheus;
let consoleApp: ConsoleProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const stack = inject('e2e');
  prometheus = await startRealPrometheus({ targets: [{ job: 'mesh', url: stack.metricsUrl }] });
  consoleApp = await startConsole({
    root: resolve(import.meta.dirname, '../..'),
    port: await freePort(),
    env: { KUBECONFIG: stack.kubeconfig, PROMETHEUS_URL: prometheus.url, JAEGER_URL: stack.jaegerUrl },
  });
  browser = await launchChromium();
  page = await openPage(browser, consoleApp.url);
});

afterAll(async () => {
  await browser?.close();
  await consoleApp?.stop();
  await prometheus?.stop();
});

it('says metrics are unavailable in the health column once Prometheus stops, and still lists the workloads', async () => {
  await page.goto('/workloads?namespaces=demo&refresh=off');
  const table = await visible(page.getByRole('table', { name: 'Workloads in demo' }));
  const before = await visible(rowNamed(table, 'sa-logic'));
  expect(await before.getByRole('cell', { name: 'Metrics unavailable' }).count()).toBe(0);

  await prometheus.stop();
  await page.reload();
  const after = await visible(rowNamed(page.getByRole('table', { name: 'Workloads in demo' }), 'sa-logic'));
  await visible(after.getByRole('cell', { name: 'Metrics unavailable', exact: true }));
  await visible(after.getByRole('cell', { name: '2/2', exact: true }));
});

it('greys only the Metrics tab of a detail page with the reason and a Retry, while its Overview still lists the pods', async () => {
  await prometheus.stop(); // already stopped by the test above when both run; stopping again is harmless
  await page.goto('/namespaces/demo/workloads/sa-logic?tab=metrics&refresh=off');
  const alert = await visible(page.getByRole('alert').filter({ hasText: 'Metrics unavailable:' }));
  expect(await alert.innerText()).toMatch(/Prometheus/);
  await alert.getByRole('button', { name: 'Retry' }).click();
  await visible(page.getByRole('alert').filter({ hasText: 'Metrics unavailable:' }));
  await page.getByRole('tab', { name: 'Overview' }).click();
  const pods = await visible(page.getByRole('table', { name: 'Pods of sa-logic' }));
  await visible(pods.getByRole('rowheader').first());
});
