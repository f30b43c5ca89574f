// The graph page on the shared sentiment-analysis mesh, read as a person reads it: the table under the canvas (the
// canvas' accessible twin), the side panel and the find box. Numbers are compared with the very /api/graph answer
// the page drew, never with constants.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { graphResponse, type GraphResponse } from '../../lib/api/graph.js';
import { nodeName } from '../../lib/graph-labels.js';
import { FIXTURES, kubectl } from '../helpers/kubectl.js';
import { launchChromium, openPage, rowNamed, visible } from './browser.js';

let browser: Browser;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Opens the graph and resolves with the /api/graph answer the page drew (refresh off: there is exactly one). */
async function openGraph(page: Page, search: string): Promise<GraphResponse> {
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/graph' && r.ok(), { timeout: 30_000 });
  await page.goto(`/graph?refresh=off&${search}`);
  // Parsed with the contract, as the page does: the wire may leave out fields that hold their default.
  const graph = graphResponse.parse(await (await answer).json());
  await visible(page.getByRole('img', { name: /graph of namespace demo/ }), 30_000);
  await page.getByText('Graph as a table').click();
  return graph;
}

/** The next /api/graph answer after `action` (a picker change). */
async function nextGraph(page: Page, action: () => Promise<unknown>): Promise<GraphResponse> {
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/graph' && r.ok(), { timeout: 30_000 });
  await action();
  return graphResponse.parse(await (await answer).json());
}

const nodesTable = (page: Page) => page.getByRole('table', { name: 'Nodes of the graph' });
const edgesTable = (page: Page) => page.getByRole('table', { name: 'Edges of the graph' });
const rowHeaders = async (page: Page, table: ReturnType<typeof nodesTable>) => {
  await visible(table);
  return (await table.getByRole('rowheader').allInnerTexts()).map((t) => t.trim()).sort();
};
const edgeName = (graph: GraphResponse, e: GraphResponse['edges'][number]) => {
  const byId = new Map(graph.nodes.map((n) => [n.id, nodeName(n)]));
  return `${byId.get(e.source)} → ${byId.get(e.target)}`;
};

describe('the graph page on the sentiment-analysis mesh', () => {
  it('draws every node of the demo namespace with its name', async () => {
    const page = await openPage(browser, inject('e2e').consoleUrl);
    const graph = await openGraph(page, 'namespaces=demo');
    expect(graph.nodes.length).toBeGreaterThan(0);
    const names = await rowHeaders(page, nodesTable(page));
    expect(names).toEqual(graph.nodes.map(nodeName).sort());
    // Versioned app nodes carry their version in their name, as the canvas draws them in their app's box.
    for (const n of graph.nodes.filter((n) => n.nodeType === 'app' && n.version)) {
      expect(names).toContain(`${n.app} ${n.version}`);
    }
    await visible(page.getByText(`${graph.nodes.length} nodes, ${graph.edges.length} edges`, { exact: false }));
    await page.context().close();
  });

  it('changes the nodes when the graph type changes: versions, then workloads, then apps', async () => {
    const page = await openPage(browser, inject('e2e').consoleUrl);
    const versioned = await openGraph(page, 'namespaces=demo');
    expect(versioned.nodes.some((n) => n.nodeType === 'app' && n.version)).toBe(true);

    const workloads = await nextGraph(page, () =>
      page.getByRole('combobox', { name: 'Graph type' }).selectOption({ label: 'Workload graph' }),
    );
    expect(workloads.graphType).toBe('workload');
    await page.waitForURL(/graphType=workload/);
    await expect
      .poll(() => rowHeaders(page, nodesTable(page)), { timeout: 15_000 })
      .toEqual(workloads.nodes.map(nodeName).sort());
    const workloadNames = await rowHeaders(page, nodesTable(page));
    expect(workloadNames).toContain('sa-logic');
    expect(workloadNames).not.toContain('sa-logic v1');

    const apps = await nextGraph(page, () =>
      page.getByRole('combobox', { name: 'Graph type' }).selectOption({ label: 'App graph' }),
    );
    await expect
      .poll(() => rowHeaders(page, nodesTable(page)), { timeout: 15_000 })
      .toEqual(apps.nodes.map(nodeName).sort());
    expect(apps.nodes.filter((n) => n.nodeType === 'app').every((n) => n.version === undefined)).toBe(true);
    await page.context().close();
  });

  describe('with the 90/10 canary of sa-logic applied', () => {
    let vsExisted = false;
    beforeAll(async () => {
      const { kubeconfig, consoleUrl } = inject('e2e');
      vsExisted = (await kubectl(kubeconfig, ['get', 'virtualservices', '--ignore-not-found', '-o', 'name'])).includes(
        'sa-logic',
      );
      // apply is idempotent: another suite of the shared mesh may have applied the canary already.
      await kubectl(kubeconfig, ['apply', '-f', `${FIXTURES}/sentiment-analysis/kube/canary/sa-logic-v2.yaml`]);
      await kubectl(kubeconfig, ['apply', '-f', `${FIXTURES}/sentiment-analysis/istio/sa-logic-vs-canary.yaml`]);
      // Wait until Prometheus has scraped failing requests into v2 (the route answers what the page will draw).
      for (let i = 0; i < 90; i++) {
        const graph = graphResponse.parse(
          await fetch(`${consoleUrl}/api/graph?namespaces=demo&duration=1m`).then((r) => r.json()),
        );
        const v2 = graph.nodes?.find((n) => n.app === 'sa-logic' && n.version === 'v2');
        if (v2 && v2.traffic.inbound.errorRatio > 0) return;
        await sleep(1_000);
      }
      throw new Error('sa-logic v2 never showed failing requests in /api/graph within 90 s of the canary');
    }, 150_000);
    afterAll(async () => {
      // Leave the shared mesh as the other suites expect it: no v2, the VirtualService as it was.
      const { kubeconfig } = inject('e2e');
      await kubectl(kubeconfig, [
        'delete',
        '--ignore-not-found',
        '-f',
        `${FIXTURES}/sentiment-analysis/kube/canary/sa-logic-v2.yaml`,
      ]);
      if (vsExisted)
        await kubectl(kubeconfig, ['apply', '-f', `${FIXTURES}/sentiment-analysis/istio/sa-logic-vs.yaml`]);
      else
        await kubectl(kubeconfig, [
          'delete',
          '--ignore-not-found',
          '-f',
          `${FIXTURES}/sentiment-analysis/istio/sa-logic-vs-canary.yaml`,
        ]);
    });

    it('opens the side panel of sa-logic v2 with an error ratio above zero', async () => {
      const page = await openPage(browser, inject('e2e').consoleUrl);
      await openGraph(page, 'namespaces=demo&window=1m');
      await nodesTable(page).getByRole('button', { name: 'sa-logic v2', exact: true }).click();
      const panel = await visible(page.getByRole('complementary', { name: 'sa-logic v2' }));
      const text = await panel.locator('dt:text-is("Inbound error ratio") + dd').innerText();
      expect(text).toMatch(/%$/);
      expect(Number.parseFloat(text.replace('<', ''))).toBeGreaterThan(0);
      await visible(panel.getByRole('link', { name: 'App sa-logic', exact: true }));
      await page.context().close();
    });

    it('highlights exactly the failing edges with the find %error > 1', async () => {
      const page = await openPage(browser, inject('e2e').consoleUrl);
      const graph = await openGraph(page, 'namespaces=demo&window=1m');
      const failing = graph.edges
        .filter((e) => e.errorRatio * 100 > 1)
        .map((e) => edgeName(graph, e))
        .sort();
      expect(failing.length).toBeGreaterThan(0);
      await page.getByRole('searchbox', { name: 'Find' }).fill('%error > 1');
      await visible(page.getByText(`${failing.length} found`, { exact: true }));
      const table = edgesTable(page);
      const found = table.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Found', exact: true }) });
      const names = (await found.getByRole('rowheader').allInnerTexts()).map((t) => t.trim()).sort();
      expect(names).toEqual(failing);
      expect(names.some((n) => n.endsWith('→ sa-logic v2'))).toBe(true);
      await page.context().close();
    });

    it('says what is wrong with a bad find expression', async () => {
      const page = await openPage(browser, inject('e2e').consoleUrl);
      await openGraph(page, 'namespaces=demo');
      await page.getByRole('searchbox', { name: 'Find' }).fill('rps > fast');
      await visible(page.getByRole('alert').filter({ hasText: "Find: rps needs a number, not 'fast'" }));
      await page.context().close();
    });
  });

  describe("with a Telemetry that tags sa-webapp's requests with their path", () => {
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
    let file: string;
    beforeAll(async () => {
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
    });

    it("shows the operation /sentiment between sa-webapp's callers and its service once turned on", async () => {
      const page = await openPage(browser, inject('e2e').consoleUrl);
      const before = await openGraph(page, 'namespaces=demo&window=1m');
      expect(before.nodes.some((n) => n.nodeType === 'aggregate')).toBe(false);
      expect(await rowHeaders(page, nodesTable(page))).not.toContain('/sentiment');

      await page.locator('summary', { hasText: 'Display' }).click();
      const graph = await nextGraph(page, () =>
        page.getByRole('checkbox', { name: 'Operation nodes', exact: true }).check(),
      );
      await page.waitForURL(/operationNodes=true/);
      const operation = graph.nodes.find((n) => n.aggregateValue === '/sentiment')!;
      expect(operation).toMatchObject({ nodeType: 'aggregate', aggregate: 'request_operation', service: 'sa-webapp' });
      await expect
        .poll(() => rowHeaders(page, nodesTable(page)), { timeout: 15_000 })
        .toEqual(graph.nodes.map(nodeName).sort());
      const row = rowNamed(nodesTable(page), '/sentiment');
      await visible(row.getByRole('cell', { name: 'Operation', exact: true }));
      // Its edges, named as a person reads them: callers → /sentiment → sa-webapp (the service).
      const edgeNames = await rowHeaders(page, edgesTable(page));
      expect(edgeNames).toContain('/sentiment → sa-webapp');
      expect(edgeNames.filter((n) => n.endsWith('→ /sentiment')).length).toBeGreaterThan(0);

      await nodesTable(page).getByRole('button', { name: '/sentiment', exact: true }).click();
      const panel = await visible(page.getByRole('complementary', { name: '/sentiment' }));
      await visible(panel.getByText('Operation of service sa-webapp in demo'));
      const inbound = await panel.locator('dt:text-is("Inbound requests") + dd').innerText();
      expect(inbound).toMatch(/rps$/);
      await visible(panel.getByRole('link', { name: 'Service sa-webapp', exact: true }));
      await page.context().close();
    });
  });
});
