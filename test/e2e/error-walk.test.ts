// One walk through every page of the demo, as a new user's first hour goes: any uncaught error or console error on
// the way fails the test, named with the page (and the control) where it happened.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, openPage, visible } from './browser.js';
import { unroundedOnScreen } from './unrounded.js';
import { watchPageErrors } from './watch-page-errors.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Requests in flight, and when the last one started or ended. */
function networkWatch(page: Page) {
  const state = { inFlight: 0, lastChangeMs: Date.now() };
  const change = (delta: number) => () => {
    state.inFlight += delta;
    state.lastChangeMs = Date.now();
  };
  page.on('request', change(1));
  page.on('requestfinished', change(-1));
  page.on('requestfailed', change(-1));
  return state;
}

/**
 * Waits for what a person waits for on a page, then until no request has been in flight for half a second, so an
 * error a late answer causes is named with the step that asked for it.
 */
async function settle(
  page: Page,
  network: ReturnType<typeof networkWatch>,
  shown: () => Promise<unknown>,
): Promise<void> {
  await shown();
  await expect
    .poll(() => network.inFlight === 0 && Date.now() - network.lastChangeMs >= 500, { timeout: 30_000, interval: 100 })
    .toBe(true);
}

describe('a walk through every page of the demo', () => {
  it('meets no uncaught error, console error or unrounded number on any page, graph type or display option', async () => {
    const page = await openPage(browser, inject('e2e').consoleUrl);
    let where = 'before the first page';
    const errors = watchPageErrors(page, () => where).problems;
    const network = networkWatch(page);
    try {
      await walk(
        page,
        (place) => (where = place),
        async (shown) => {
          await settle(page, network, shown);
          const unrounded = await unroundedOnScreen(page);
          if (unrounded) errors.push(`${where}: an unrounded number on screen: "${unrounded}"`);
        },
      );
    } catch (err) {
      // A step that never finished is a finding too, reported after what was met before it.
      errors.push(`${where}: the walk stopped: ${(err as Error).message.split('\n')[0]}`);
    }
    expect(errors, `errors met on the walk:\n${errors.join('\n')}`).toEqual([]);
    await page.context().close();
  }, 300_000);
});

async function walk(
  page: Page,
  at: (place: string) => void,
  settled: (shown: () => Promise<unknown>) => Promise<void>,
): Promise<void> {
  const heading = (name: string | RegExp) => () => visible(page.getByRole('heading', { level: 1, name }), 30_000);
  const table = (name: string) => () => visible(page.getByRole('table', { name }), 30_000);

  // refresh=off: the walk reads each page as it drew, without polls keeping the network busy.
  const pages: [string, string, () => Promise<unknown>][] = [
    ['the overview', '/?refresh=off', () => visible(page.getByRole('article', { name: 'demo', exact: true }))],
    ['the workloads list', '/workloads?namespaces=demo&refresh=off', table('Workloads in demo')],
    ['the applications list', '/applications?namespaces=demo&refresh=off', table('Applications in demo')],
    ['the services list', '/services?namespaces=demo&refresh=off', table('Services in demo')],
    ['the Istio config list', '/istio?namespaces=demo&refresh=off', table('Istio config in demo')],
    ['the workload sa-logic', '/namespaces/demo/workloads/sa-logic?refresh=off', heading('sa-logic')],
    ['the application sa-logic', '/namespaces/demo/applications/sa-logic?refresh=off', heading('sa-logic')],
    ['the service sa-logic', '/namespaces/demo/services/sa-logic?refresh=off', heading('sa-logic')],
    [
      'the VirtualService sa-external-services',
      '/namespaces/demo/istio/VirtualService/sa-external-services?refresh=off',
      () => visible(page.getByRole('figure', { name: 'YAML of VirtualService sa-external-services' })),
    ],
  ];
  for (const [name, path, shown] of pages) {
    at(`${name} (${path})`);
    await page.goto(path);
    await settled(shown);
  }

  at('the graph (/graph?namespaces=demo)');
  await page.goto('/graph?namespaces=demo&refresh=off');
  const drawn = () => visible(page.getByRole('img', { name: /graph of namespace demo/ }), 30_000);
  await settled(drawn);
  const toolbar = page.getByRole('toolbar', { name: 'Graph options' });
  const graphType = toolbar.getByRole('combobox', { name: 'Graph type' });
  const types = await graphType.getByRole('option').allInnerTexts();
  expect(types).toHaveLength(4);
  // Each type after another, as a person tries them, then back to the first.
  for (const type of [...types.slice(1), types[0]!]) {
    at(`the graph, graph type changed to ${type}`);
    await graphType.selectOption({ label: type });
    await settled(drawn);
  }

  // Every choice of every select in the toolbar and in its Display menu, each then put back.
  const display = page.getByRole('group', { name: 'Display' });
  const openDisplay = async () => {
    if (!(await display.isVisible())) await toolbar.locator('summary').filter({ hasText: 'Display' }).click();
    return visible(display);
  };
  const selects = [
    ...(await toolbar.getByRole('combobox').all()).slice(1).map((s) => ({ select: s, inDisplay: false })),
    ...(await (await openDisplay()).getByRole('combobox').all()).map((s) => ({ select: s, inDisplay: true })),
  ];
  for (const { select, inDisplay } of selects) {
    if (inDisplay) await openDisplay();
    const label = (await select.evaluate((el) => el.closest('label')?.innerText.split('\n')[0])) ?? 'a select';
    const first = await select.inputValue();
    for (const option of await select.getByRole('option').allInnerTexts()) {
      at(`the graph, ${label.trim()} set to ${option}`);
      if (inDisplay) await openDisplay();
      await select.selectOption({ label: option });
      await settled(drawn);
    }
    if (inDisplay) await openDisplay();
    await select.selectOption(first);
    await settled(drawn);
  }

  // Every display checkbox, ticked the other way and back.
  const boxes = await (await openDisplay()).getByRole('checkbox').all();
  expect(boxes.length).toBeGreaterThan(0);
  for (const box of boxes) {
    const name = await box.evaluate((el) => el.closest('label')?.innerText.trim() ?? 'a checkbox');
    for (const turn of ['toggled', 'toggled back']) {
      at(`the graph, display option "${name}" ${turn}`);
      await openDisplay();
      await box.click();
      await settled(drawn);
    }
  }
}
