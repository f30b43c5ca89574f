// Issue 17's browser story, as its Tests paragraph words it: open sa-logic after the canary, drag-select a range on the
// error chart and see the trace list narrow to it; open a failing trace and see its spans across the ingress gateway,
// sa-webapp and sa-logic; click a span and see its access-log line marked in the logs under the trace; click a log
// line and land on its trace. The canary is the article's (sa-logic v2 and the 90/10 VirtualService with its
// DestinationRule), applied here because the shared mesh is other suites' too; v2 fails every request through the
// mesh's faults API, so that the range holds failing traces.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { entityTracesResponse } from '../../lib/api/traces.js';
import { FIXTURES, kubectl } from '../helpers/kubectl.js';
import { visible } from './browser.js';
import { applyCanary, pollUntil, undoCanary, type AppliedCanary } from './canary.js';
import { pagePerTest } from './page-per-test.js';

let page: Page;
pagePerTest((opened) => (page = opened), { watchErrors: true });

const DR = `${FIXTURES}/sentiment-analysis/istio/sa-logic-dr.yaml`;
const ACROSS = ['istio-ingressgateway.istio-system', 'sa-webapp.demo', 'sa-logic.demo'];
let canary: AppliedCanary | undefined;
let drExisted = true;

async function fault(errorRatio: number): Promise<boolean> {
  const origin = new URL(inject('e2e').metricsUrl).origin;
  const res = await fetch(`${origin}/faults/workload`, {
    method: 'POST',
    body: JSON.stringify({ namespace: 'demo', workload: 'sa-logic-v2', errorRatio }),
  });
  return res.ok;
}

beforeAll(async () => {
  const { kubeconfig, consoleUrl } = inject('e2e');
  drExisted = (await kubectl(kubeconfig, ['get', 'destinationrules', '-n', 'demo', '-o', 'name'])).includes('sa-logic');
  await kubectl(kubeconfig, ['apply', '-n', 'demo', '-f', DR]);
  canary = await applyCanary(kubeconfig);
  await pollUntil(() => fault(1), 'sa-logic-v2 never ran in the mesh after the canary');
  // The v2 pods running now: an earlier suite's v2 (deleted since) failed too, and a deleted pod's log is gone.
  const v2Pods = (
    await kubectl(kubeconfig, [
      'get',
      'pods',
      '-n',
      'demo',
      '-l',
      'app=sa-logic,version=v2',
      '-o',
      'jsonpath={.items[*].metadata.name}',
    ])
  )
    .split(/\s+/)
    .filter(Boolean);
  // Until a failing trace of the last minute crossed all three and one of those pods: the newest failing traces of
  // the range dragged below are then this canary's, whose proxies still hold their log lines.
  await pollUntil(async () => {
    const endUs = Date.now() * 1000;
    const res = await fetch(
      `${consoleUrl}/api/namespaces/demo/apps/sa-logic/traces?error=true&start=${endUs - 60e6}&end=${endUs}`,
    );
    const { traces } = entityTracesResponse.parse(await res.json());
    return traces.some(
      (t) =>
        ACROSS.every((s) => t.services.includes(s)) &&
        t.spans.some((span) => span.pod !== null && v2Pods.includes(span.pod)),
    );
  }, 'no failing trace of sa-logic crossed the gateway, sa-webapp and a running v2 pod within 90 s of the canary');
}, 150_000);

afterAll(async () => {
  const { kubeconfig } = inject('e2e');
  await fault(0);
  await undoCanary(kubeconfig, canary);
  if (!drExisted) await kubectl(kubeconfig, ['delete', '-n', 'demo', '--ignore-not-found', '-f', DR]);
});

/** The count the traces list writes over itself: "42 traces". */
async function listedCount(): Promise<number> {
  const text = await visible(page.getByText(/^\d+ traces$/), 30_000);
  return Number((await text.innerText()).split(' ')[0]);
}

/** "12 ms", "1.2 s", "<0.01 ms" as the list writes a duration, in ms. */
function durationMs(text: string): number {
  const m = /^<?([\d.]+) (ms|s)$/.exec(text.trim());
  expect(m, `a duration as the app writes it: "${text}"`).not.toBeNull();
  return Number(m![1]) * (m![2] === 's' ? 1000 : 1);
}

/**
 * Every row of the traces list, scrolled through as a person does (the box draws only the rows in view): each row's
 * start (its time element) and its duration as written.
 */
async function everyListedTrace(list: Locator): Promise<{ startMs: number; durationMs: number }[]> {
  const total = Number(await list.getAttribute('aria-rowcount')) - 1;
  const seen = new Map<string, { startMs: number; durationMs: number }>();
  await list.hover();
  await expect
    .poll(
      async () => {
        const rows = await list.getByRole('row').evaluateAll((els) =>
          els.map((el) => ({
            index: el.getAttribute('aria-rowindex') ?? '',
            at: el.querySelector('time')?.getAttribute('datetime') ?? null,
            duration: el.children[2]?.textContent ?? '',
          })),
        );
        for (const row of rows)
          if (row.at) seen.set(row.index, { startMs: Date.parse(row.at), durationMs: durationMs(row.duration) });
        if (seen.size < total) await page.mouse.wheel(0, 300);
        return seen.size;
      },
      { timeout: 30_000 },
    )
    .toBe(total);
  return [...seen.values()];
}

describe("sa-logic's traces and logs, tied together", () => {
  it('narrows traces to a range dragged on the error chart, opens a failing one, marks a span’s log line, and goes from a log line back to its trace', async () => {
    // The traces of the last five minutes, as the list counts them.
    await page.goto('/namespaces/demo/applications/sa-logic?tab=traces&window=5m&refresh=off');
    await visible(page.getByRole('figure', { name: 'Trace durations' }), 30_000);
    const before = await listedCount();

    // A range dragged across the error chart's last minute or so.
    await page.getByRole('tab', { name: 'Metrics', exact: true }).click();
    const chart = await visible(page.getByRole('figure', { name: 'Error ratio', exact: true }), 30_000);
    const grid = await visible(chart.locator('.recharts-cartesian-grid'));
    const box = (await grid.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.8, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.9, y, { steps: 5 });
    await page.mouse.move(box.x + box.width - 2, y, { steps: 5 });
    await page.mouse.up();
    await page.waitForURL(/[?&]from=\d+&to=\d+/);
    const url = new URL(page.url());
    const [from, to] = [Number(url.searchParams.get('from')), Number(url.searchParams.get('to'))];
    expect(to).toBeGreaterThan(from);

    // The trace list narrows to it: fewer traces, every one of them inside the range.
    await page.getByRole('tab', { name: 'Traces', exact: true }).click();
    await visible(page.getByText(/^Narrowed to/));
    await expect.poll(listedCount, { timeout: 30_000 }).toBeLessThan(before);
    const list = await visible(page.getByRole('table', { name: 'Traces' }));
    const narrowed = await everyListedTrace(list);
    expect(narrowed.length).toBeGreaterThan(0);
    for (const trace of narrowed) {
      expect(trace.startMs).toBeLessThanOrEqual(to * 1000);
      // A trace that began just before the range but ran into it belongs to it, as in Jaeger (1 ms: the written start).
      expect(trace.startMs + trace.durationMs + 1).toBeGreaterThanOrEqual(from * 1000);
    }

    // A failing trace across the gateway, sa-webapp and sa-logic.
    const filters = page.getByRole('form', { name: 'Trace filters' });
    await filters.getByRole('combobox', { name: 'Status' }).selectOption('error');
    await filters.getByRole('button', { name: 'Find traces' }).click();
    await page.waitForURL(/[?&]status=error/);
    const failing = list.getByRole('row').filter({ hasText: 'istio-ingressgateway.istio-system' }).first();
    await visible(failing, 30_000);
    await failing.getByRole('link').click();
    await page.waitForURL(/[?&]trace=[0-9a-f]+/);
    const spans = await visible(page.getByRole('table', { name: 'Spans' }), 30_000);
    for (const service of ACROSS) await visible(spans.getByRole('rowgroup', { name: service }));
    await visible(page.getByText(/· failed/).first());

    // sa-logic's span: its access-log line, among those of every proxy on the path, is marked with the same request id.
    await spans
      .getByRole('rowgroup', { name: 'sa-logic.demo' })
      .getByRole('row')
      .filter({ has: page.getByRole('button') })
      .first()
      .getByRole('button')
      .click();
    const details = await visible(page.getByRole('region', { name: 'Span details' }));
    const requestId = (await details.locator('dt:text-is("Request id") + dd').innerText()).trim();
    const pod = (await details.locator('dt:text-is("Pod") + dd').innerText()).trim();
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const lines = await visible(page.getByRole('table', { name: 'Access-log lines' }), 30_000);
    const marked = lines.locator('tr[aria-current="true"]');
    await visible(marked.first());
    // One line per attempt the span's proxy logged (a retry to the same pod writes a second).
    for (const text of await marked.allInnerTexts()) {
      expect(text).toContain(requestId);
      expect(text).toContain(pod);
    }
    const pods = await lines.locator('tbody tr td:first-child').allInnerTexts();
    for (const prefix of ['istio-system/istio-ingressgateway-', 'demo/sa-webapp-', 'demo/sa-logic-'])
      expect(pods.some((p) => p.startsWith(prefix))).toBe(true);

    // From a line of sa-logic's proxy log to its trace.
    await page.getByRole('tab', { name: 'Logs', exact: true }).click();
    const proxy = await visible(page.getByRole('table', { name: 'istio-proxy log lines' }), 30_000);
    const line = proxy
      .getByRole('row')
      .filter({ has: page.getByRole('button', { name: 'Find trace' }) })
      .first();
    const lineRequestId = (await (await visible(line)).getByRole('cell').nth(8).innerText()).trim();
    await line.getByRole('button', { name: 'Find trace' }).click();
    await page.waitForURL(/[?&]tab=traces&trace=[0-9a-f]+/);
    await visible(page.getByRole('table', { name: 'Spans' }), 30_000);
    const itsLines = await visible(page.getByRole('table', { name: 'Access-log lines' }), 30_000);
    await visible(itsLines.getByRole('cell', { name: lineRequestId, exact: true }).first());
  });
});
