// The namespace selector answers its first click however early it comes. Its races (a header hydrating after the
// page has its data, text arriving beside it under a click on its way) show only on a slow machine, so this file
// always runs with the browser's CPU slowed six times.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { visible } from './browser.js';
import { pagePerTest } from './page-per-test.js';

let page: Page;
pagePerTest((opened) => (page = opened), { watchErrors: true, cpuThrottle: 6 });

async function chooseLegacy(): Promise<void> {
  await page.getByText('Namespaces:').click();
  await page.getByRole('checkbox', { name: 'legacy', exact: true }).check();
  await page.waitForURL(/[?&]namespaces=legacy/);
  await page.keyboard.press('Escape');
  await visible(page.getByRole('article', { name: 'legacy', exact: true }));
  expect(await page.getByRole('article').count()).toBe(1);
}

describe('the namespace selector on a slow machine', () => {
  it('narrows the overview to the namespaces chosen in the selector and keeps them in the URL, opened as soon as the overview shows', async () => {
    await page.goto('/');
    await visible(page.getByRole('article', { name: 'demo', exact: true }));
    await chooseLegacy();
  });

  it('narrows the overview the same way when the selector is opened before the page has hydrated', async () => {
    await page.goto('/', { waitUntil: 'commit' });
    // No waiting for the page to settle: a person clicks as soon as they see the control.
    await chooseLegacy();
  });
});
