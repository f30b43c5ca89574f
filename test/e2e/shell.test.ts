// The shell on every page: the time picker offers only what the e2e Prometheus keeps (65 minutes, see global-setup),
// and a link asking for more is shortened with words on every page. The namespace selector's races are in
// namespace-selector.test.ts.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { rowNamed, visible } from './browser.js';
import { pagePerTest } from './page-per-test.js';
import { UNROUNDED } from './unrounded.js';

let page: Page;
pagePerTest((opened) => (page = opened), { watchErrors: false });

const picker = () => page.getByRole('combobox', { name: 'Time window' });
const offeredWindows = () => picker().getByRole('option').allInnerTexts();

/** Waits until the graph has drawn the demo namespace; resolves with its "N nodes, M edges" line. */
async function drawnGraph(): Promise<{ nodes: number; edges: number }> {
  await visible(page.getByRole('img', { name: /graph of namespace demo/ }), 30_000);
  const counts = await visible(page.getByText(/^\d+ nodes?, \d+ edges?/));
  const [, nodes, edges] = /^(\d+) nodes?, (\d+) edges?/.exec(await counts.innerText())!;
  return { nodes: Number(nodes), edges: Number(edges) };
}

describe('the shell on the sentiment-analysis mesh', () => {
  it('offers only the windows Prometheus keeps, says how long it keeps, and the longest works on the graph and a list', async () => {
    await page.goto('/graph?namespaces=demo');
    await visible(page.getByText('Prometheus keeps 1 h 5 min', { exact: true }));
    const offered = await offeredWindows();
    expect(offered).toEqual(['Last 1 minute', 'Last 5 minutes', 'Last 10 minutes', 'Last 30 minutes', 'Last 1 hour']);

    await picker().selectOption({ label: offered.at(-1)! });
    await page.waitForURL(/[?&]window=1h/);
    await visible(page.getByRole('img', { name: /graph of namespace demo, last 1 hour/ }), 30_000);
    const graph = await drawnGraph();
    expect(graph.nodes).toBeGreaterThan(0);
    expect(graph.edges).toBeGreaterThan(0);
    expect(await page.getByText(/unavailable/i).count()).toBe(0);

    // The window follows the nav link to a list, whose health is read from Prometheus over that hour.
    await page.getByRole('link', { name: 'Workloads', exact: true }).click();
    await page.waitForURL(/\/workloads\?.*window=1h/);
    const table = await visible(page.getByRole('table', { name: 'Workloads in demo' }));
    await visible(rowNamed(table, 'sa-logic').getByText('Healthy'));
    expect(await picker().inputValue()).toBe('1h');
    expect(await page.getByText(/unavailable/i).count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toMatch(UNROUNDED);
  });

  it('shows the last hour, and says why, when a link asks for a day on the graph, a list and the overview', async () => {
    const note = 'The link asks for the last 1 day, but Prometheus keeps 1 h 5 min: showing the last 1 hour.';
    await page.goto('/graph?namespaces=demo&window=1d');
    await visible(page.getByRole('note').getByText(note, { exact: true }));
    await visible(page.getByRole('img', { name: /graph of namespace demo, last 1 hour/ }), 30_000);
    expect((await drawnGraph()).edges).toBeGreaterThan(0);
    expect(await picker().inputValue()).toBe('1h');
    expect(await page.getByText(/unavailable/i).count()).toBe(0);

    await page.goto('/workloads?namespaces=demo&window=1d');
    await visible(page.getByRole('note').getByText(note, { exact: true }));
    const table = await visible(page.getByRole('table', { name: 'Workloads in demo' }));
    await visible(rowNamed(table, 'sa-logic').getByText('Healthy'));
    expect(await picker().inputValue()).toBe('1h');

    await page.goto('/?window=1d');
    await visible(page.getByRole('note').getByText(note, { exact: true }));
    await visible(page.getByText(/namespaces · last 1 hour/));
  });
});
