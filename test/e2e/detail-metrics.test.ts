// Issue 16 item 3: the Metrics tab of sa-logic while the article's 90/10 canary runs, read as a person reads it:
// the pods on the Overview, then the Metrics tab split by version drawing a line per version, and the canary's
// VirtualService change marked on the charts.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { entityMetricsResponse } from '../../lib/api/entity-metrics.js';
import { visible } from './browser.js';
import { applyCanary, pollUntil, undoCanary, type AppliedCanary } from './canary.js';
import { pagePerTest } from './page-per-test.js';

let page: Page;
pagePerTest((opened) => (page = opened), { watchErrors: true });

let canary: AppliedCanary | undefined;

beforeAll(async () => {
  const { kubeconfig, consoleUrl } = inject('e2e');
  // The VirtualService goes back to v1 first so that applying the canary is a change inside this test's window, for
  // the marker to show.
  canary = await applyCanary(kubeconfig, { freshChange: true });
  // Wait until Prometheus has scraped requests into v2 (the route answers what the tab will draw).
  await pollUntil(async () => {
    const answer = entityMetricsResponse.parse(
      await fetch(`${consoleUrl}/api/namespaces/demo/apps/sa-logic/metrics?duration=5m&by=version`).then((r) =>
        r.json(),
      ),
    );
    // v2 receiving now (not only an earlier canary's requests still in the window), with an error ratio to draw.
    const v2 = (chart: string) =>
      answer.charts.find((c) => c.name === chart)!.series.find((s) => s.labels['destination_version'] === 'v2');
    return (v2('requestRate')?.points.at(-1)?.[1] ?? 0) > 0 && v2('errorRatio') !== undefined;
  }, 'sa-logic v2 never showed requests in its metrics within 90 s of the canary');
}, 150_000);

afterAll(async () => {
  await undoCanary(inject('e2e').kubeconfig, canary);
});

/** Opens sa-logic's application page, reads its pods, then its Metrics tab split by version. */
async function openMetricsByVersion(): Promise<Locator> {
  await page.goto('/namespaces/demo/applications/sa-logic?window=5m');
  const pods = await visible(page.getByRole('table', { name: 'Pods of sa-logic' }));
  await visible(pods.getByRole('rowheader').first());
  for (const pod of await pods.getByRole('rowheader').allInnerTexts()) expect(pod).toMatch(/^sa-logic-/);
  await page.getByRole('tab', { name: 'Metrics' }).click();
  await page.getByRole('combobox', { name: 'Split by' }).selectOption({ label: 'Version' });
  await page.waitForURL(/[?&]by=version/);
  return visible(page.getByRole('figure', { name: 'Request rate', exact: true }));
}

describe("sa-logic's Metrics tab during the canary", () => {
  it('shows its pods, then splits the request rate by version: a legend entry and a line for v1 and for v2', async () => {
    const chart = await openMetricsByVersion();
    const legend = await visible(chart.getByRole('list', { name: 'Request rate legend' }));
    await visible(legend.getByRole('listitem').filter({ hasText: /^v2\b/ }));
    const entries = await legend.getByRole('listitem').allInnerTexts();
    expect(entries.map((e) => e.split(/\s/)[0]).sort()).toEqual(['v1', 'v2']);
    // Two lines drawn in the chart's SVG, one per version.
    await expect.poll(() => chart.locator('svg path.recharts-line-curve').count()).toBe(2);
    // Every chart of the tab is drawn, and the error ratio also has both versions.
    const errors = page.getByRole('figure', { name: 'Error ratio', exact: true });
    expect(
      (await errors.getByRole('list', { name: 'Error ratio legend' }).getByRole('listitem').allInnerTexts()).length,
    ).toBe(2);
  });

  it('marks the canary’s VirtualService change on the charts, linking to the object', async () => {
    const chart = await openMetricsByVersion();
    // Other suites of the shared mesh may have changed the VirtualService within the window too (their canary and its
    // undoing): each is a marker, drawn oldest first, and this file's canary is the newest.
    const marker = await visible(chart.getByRole('link', { name: /^VirtualService demo\/sa-logic: / }).last());
    // The flag drawn on the chart carries the number of the change in the tab's list, where it is written out.
    const number = await marker.locator('text').textContent();
    const changes = await visible(page.getByRole('list', { name: 'Config changes in the window' }));
    const written = await changes
      .getByRole('listitem')
      .nth(Number(number) - 1)
      .innerText();
    expect(written).toContain('VirtualService demo/sa-logic');
    expect(written).toMatch(/by kubectl/);
    const errors = page.getByRole('figure', { name: 'Error ratio', exact: true });
    await visible(errors.getByRole('link', { name: /^VirtualService demo\/sa-logic: / }).last());
    await marker.click();
    await page.waitForURL('**/namespaces/demo/istio/VirtualService/sa-logic**');
  });
});
