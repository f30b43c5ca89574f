// Issue 17 item 1 as a person uses it during the article's canary with sa-logic-v2 failing (the mesh's faults API):
// sa-logic's Traces tab shows its traces as dots (failures red) and a list, a range in the URL narrows them, and a
// failing trace opens on its spans across the ingress gateway, sa-webapp and sa-logic with the critical path marked;
// Jaeger down greys that tab alone, with a Retry.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { entityTracesResponse, type Trace } from '../../lib/api/traces.js';
import { visible } from './browser.js';
import { applyCanary, pollUntil, undoCanary, type AppliedCanary } from './canary.js';
import { pagePerTest } from './page-per-test.js';

let page: Page;
let canary: AppliedCanary | undefined;
let outage = false;
const PATH = '/namespaces/demo/applications/sa-logic';
const ACROSS = ['istio-ingressgateway.istio-system', 'sa-webapp.demo', 'sa-logic.demo'];

/** Sets sa-logic-v2's error ratio through the mesh's faults API; false until v2's pod runs in the mesh. */
async function fault(errorRatio: number): Promise<boolean> {
  const origin = new URL(inject('e2e').metricsUrl).origin;
  const res = await fetch(`${origin}/faults/workload`, {
    method: 'POST',
    body: JSON.stringify({ namespace: 'demo', workload: 'sa-logic-v2', errorRatio }),
  });
  return res.ok;
}

async function traces(search: string): Promise<Trace[]> {
  const res = await fetch(`${inject('e2e').consoleUrl}/api/namespaces/demo/apps/sa-logic/traces?${search}`);
  return entityTracesResponse.parse(await res.json()).traces;
}

// During the outage test the browser logs the traces route's 502s, which that test asked for.
pagePerTest((opened) => (page = opened), {
  watchErrors: true,
  expected: (p) => outage && /status of 502 .*\/api\/namespaces\/demo\/apps\/sa-logic\/traces/.test(p),
});

beforeAll(async () => {
  canary = await applyCanary(inject('e2e').kubeconfig);
  await pollUntil(() => fault(1), 'sa-logic-v2 never ran in the mesh after the canary');
  await pollUntil(
    async () => (await traces('error=true')).some((t) => ACROSS.every((s) => t.services.includes(s))),
    'no failing trace of sa-logic crossed the gateway, sa-webapp and sa-logic within 90 s',
  );
}, 150_000);

async function jaegerDown(down: boolean): Promise<void> {
  const origin = new URL(inject('e2e').metricsUrl).origin;
  await fetch(`${origin}/faults/jaeger`, { method: 'POST', body: JSON.stringify({ down }) });
}

afterAll(async () => {
  await jaegerDown(false);
  await fault(0);
  await undoCanary(inject('e2e').kubeconfig, canary);
});

// Reset before each test, not after: pagePerTest's check runs after the test and reads it.
beforeEach(() => {
  outage = false;
});

describe("sa-logic's Traces tab", () => {
  it('draws a dot per trace, failures in red, and lists them', async () => {
    await page.goto(`${PATH}?tab=traces&refresh=off&window=5m`);
    const scatter = await visible(page.getByRole('figure', { name: 'Trace durations' }), 30_000);
    await expect.poll(() => scatter.locator('circle[data-trace-dot="error"]').count()).toBeGreaterThan(0);
    expect(await scatter.locator('circle[data-trace-dot="ok"]').count()).toBeGreaterThan(0);
    const list = await visible(page.getByRole('table', { name: 'Traces' }));
    // The list says how many traces it holds (only those in view of its box are drawn): one per dot.
    const dots = await scatter.locator('circle[data-trace-dot]').count();
    await visible(page.getByText(new RegExp(`^${dots} traces$`)));
    // A failing trace is listed too: scrolled to as a person does, since the box draws only the rows in view.
    const failed = list.getByRole('cell', { name: 'error', exact: true });
    await list.hover();
    await expect
      .poll(
        async () => {
          const seen = await failed.count();
          if (seen === 0) await page.mouse.wheel(0, 300);
          return seen;
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
  });

  it('narrows the dots and the list to the range in the URL', async () => {
    const all = await traces('');
    const newest = all[0]!;
    const from = Math.floor(newest.startTime / 1e6);
    await page.goto(`${PATH}?tab=traces&refresh=off&window=5m&from=${from}&to=${from + 1}`);
    await visible(page.getByText(/^Narrowed to/));
    const scatter = await visible(page.getByRole('figure', { name: 'Trace durations' }), 30_000);
    const inRange = await scatter.locator('circle[data-trace-dot]').count();
    expect(inRange).toBeGreaterThan(0);
    expect(inRange).toBeLessThan(all.length);
    await page.getByRole('button', { name: 'Show the whole window' }).click();
    await expect.poll(() => scatter.locator('circle[data-trace-dot]').count()).toBeGreaterThan(inRange);
  });

  it('opens a failing trace on its spans across the gateway, sa-webapp and sa-logic, the critical path marked', async () => {
    await page.goto(`${PATH}?tab=traces&refresh=off&window=5m&status=error`);
    const scatter = await visible(page.getByRole('figure', { name: 'Trace durations' }), 30_000);
    const list = await visible(page.getByRole('table', { name: 'Traces' }));
    // The failing trace that crossed all three, found in the list as a person reads it (its services column).
    const row = list.getByRole('row').filter({ hasText: 'istio-ingressgateway.istio-system' }).first();
    await visible(row);
    expect(await scatter.locator('circle[data-trace-dot="ok"]').count()).toBe(0);
    await row.getByRole('link').click();
    await page.waitForURL(/[?&]trace=[0-9a-f]+/);
    const spans = await visible(page.getByRole('table', { name: 'Spans' }), 30_000);
    for (const service of ACROSS) await visible(spans.getByRole('rowgroup', { name: service }));
    await visible(page.getByText(/· failed/).first());
    await visible(page.getByText(/^Critical path: \d+ of \d+ spans/));
    expect(await spans.locator('[data-critical="true"]').count()).toBeGreaterThan(0);
    expect(await spans.locator('[data-critical-section]').count()).toBeGreaterThan(0);

    // A failing sa-logic span: its pod is a v2 one and its tags say the 5xx.
    const logic = spans.getByRole('rowgroup', { name: 'sa-logic.demo' });
    await logic
      .getByRole('row')
      .filter({ hasText: /sa-logic-v2-/ })
      .first()
      .getByRole('button')
      .click();
    const details = await visible(page.getByRole('region', { name: 'Span details' }));
    await visible(details.getByText(/^sa-logic-v2-/).first());
    await visible(details.getByRole('rowheader', { name: 'http.status_code' }));
    expect(new URL(page.url()).searchParams.get('span')).toMatch(/^[0-9a-f]+$/);
  });

  it('greys only the Traces tab while Jaeger is down, says why, and a Retry brings the traces back', async () => {
    outage = true;
    await jaegerDown(true);
    try {
      await page.goto(`${PATH}?tab=traces&refresh=off&window=5m`);
      const alert = await visible(page.getByRole('alert').filter({ hasText: 'Traces unavailable' }), 30_000);
      await visible(alert.getByText(/Jaeger at .* answered 503/));
      // The other tabs do not need Jaeger.
      await page.getByRole('tab', { name: 'Metrics' }).click();
      await visible(page.getByRole('figure').first(), 30_000);
      expect(await page.getByText('Traces unavailable').count()).toBe(0);
      await page.getByRole('tab', { name: 'Traces' }).click();
      await visible(page.getByRole('alert').filter({ hasText: 'Traces unavailable' }), 30_000);
    } finally {
      await jaegerDown(false);
    }
    await page.getByRole('button', { name: 'Retry' }).click();
    await visible(page.getByRole('figure', { name: 'Trace durations' }), 30_000);
    expect(await page.getByText('Traces unavailable').count()).toBe(0);
  });
});
