// Kiali's operation nodes on the canvas: with a Telemetry that tags sa-webapp's requests with their path, turning the
// option on draws /sentiment between sa-webapp's callers and its service, and a click on it opens its figures.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { graphResponse } from '../../lib/api/graph.js';
import { kubectl } from '../helpers/kubectl.js';
import { launchChromium, openPage, visible } from './browser.js';
import { graphNodes, readCanvas } from './graph-canvas.js';
import { clickNode, expectCanvasShowsGraph, nextGraph, openGraph } from './graph-page.js';
import { watchPageErrors } from './watch-page-errors.js';

let browser: Browser;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const telemetry = {
  apiVersion: 'telemetry.istio.io/v1',
  kind: 'Telemetry',
  metadata: { name: 'sa-webapp-operations', namespace: 'demo' },
  spec: {
    selector: { matchLabels: { app: 'sa-webapp' } },
    metrics: [
      {
        providers: [{ name: 'prometheus' }],
        overrides: [
          {
            match: { metric: 'REQUEST_COUNT', mode: 'SERVER' },
            tagOverrides: { request_operation: { value: 'request.url_path' } },
          },
        ],
      },
    ],
  },
};

describe("the graph with a Telemetry that tags sa-webapp's requests with their path", () => {
  let file: string;
  beforeAll(async () => {
    browser = await launchChromium();
    const { kubeconfig, consoleUrl } = inject('e2e');
    file = join(mkdtempSync(join(tmpdir(), 'telemetry-')), 'telemetry.json');
    writeFileSync(file, JSON.stringify(telemetry));
    await kubectl(kubeconfig, ['apply', '-f', file]);
    // Wait until Prometheus has scraped tagged requests (the route answers what the page will draw).
    for (let i = 0; i < 90; i++) {
      const graph = graphResponse.parse(
        await fetch(`${consoleUrl}/api/graph?namespaces=demo&duration=1m&operationNodes=true`).then((r) => r.json()),
      );
      if (graph.nodes.some((n) => n.aggregateValue === '/sentiment')) return;
      await sleep(1_000);
    }
    throw new Error('no /sentiment operation node in /api/graph within 90 s of the Telemetry');
  }, 150_000);
  afterAll(async () => {
    await kubectl(inject('e2e').kubeconfig, ['delete', '--ignore-not-found', '-f', file]);
    await browser?.close();
  });

  it("draws the operation /sentiment between sa-webapp's callers and its service once turned on", async () => {
    const page = await openPage(browser, inject('e2e').consoleUrl);
    const errors = watchPageErrors(page).problems;
    const before = await openGraph(page, 'namespaces=demo&window=1m');
    await expectCanvasShowsGraph(page, before);
    expect(graphNodes(await readCanvas(page)).map((n) => n.label)).not.toContain('/sentiment');

    await page.locator('summary', { hasText: 'Display' }).click();
    const graph = await nextGraph(page, () =>
      page.getByRole('checkbox', { name: 'Operation nodes', exact: true }).check(),
    );
    await page.waitForURL(/operationNodes=true/);
    const operation = graph.nodes.find((n) => n.aggregateValue === '/sentiment')!;
    expect(operation).toMatchObject({ nodeType: 'aggregate', aggregate: 'request_operation', service: 'sa-webapp' });
    await expectCanvasShowsGraph(page, graph);
    const drawn = (await readCanvas(page))!;
    const drawnOperation = drawn.nodes.find((n) => n.id === operation.id)!;
    expect(drawnOperation.label).toBe('/sentiment');
    expect(drawnOperation.classes).toContain('operation');
    // Its edges as drawn: callers → /sentiment → the sa-webapp service.
    const service = graph.nodes.find((n) => n.nodeType === 'service' && n.service === 'sa-webapp')!;
    expect(drawn.edges.some((e) => e.source === operation.id && e.target === service.id)).toBe(true);
    expect(drawn.edges.filter((e) => e.target === operation.id).length).toBeGreaterThan(0);

    await clickNode(page, operation.id);
    const panel = await visible(page.getByRole('complementary', { name: '/sentiment' }));
    await visible(panel.getByText('Operation of service sa-webapp in demo'));
    const inbound = await panel.locator('dt:text-is("Inbound requests (1 min avg)") + dd').innerText();
    expect(inbound).toMatch(/rps$/);
    await visible(panel.getByRole('link', { name: 'Service sa-webapp', exact: true }));
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
