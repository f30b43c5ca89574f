// The graph page after the article's gateway policies (RequestAuthentication + three ALLOW policies): the browsers
// carry no token, so the gateway refuses their /sentiment and /feedback calls. Read from the canvas (cytoscape's own
// elements and styles) and the side panel a person opens by clicking the edge.
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { graphResponse } from '../../lib/api/graph.js';
import { FIXTURES, kubectl } from '../helpers/kubectl.js';
import { launchChromium, openPage, visible } from './browser.js';
import { pollUntil } from './canary.js';
import { readCanvas } from './graph-canvas.js';
import { expectCanvasShowsGraph, openGraph } from './graph-page.js';
import { watchPageErrors } from './watch-page-errors.js';
import { denyDemoToLogic } from '../helpers/security-policies.js';

const POLICIES = ['request-authentication.yaml', 'allow-view.yaml', 'allow-analysis.yaml', 'allow-feedback.yaml'].map(
  (f) => `${FIXTURES}/sentiment-analysis/istio/security/${f}`,
);
const GATEWAY = 'vapp:istio-system:istio-ingressgateway:latest';
const EDGE = `${GATEWAY}>svc:demo:sa-webapp>http`;

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Clicks the edge where the canvas draws it now, again (read afresh) if its panel does not open: the page refreshes on
 * its own, and on a busy machine a refresh's layout can move the edge between reading its place and the click.
 */
async function clickEdgeUntilPanel(page: Page, id: string, name: RegExp) {
  const panel = page.getByRole('complementary', { name });
  for (let attempt = 1; ; attempt++) {
    const edge = (await readCanvas(page))!.edges.find((e) => e.id === id)!;
    await page.mouse.click(edge.x, edge.y);
    try {
      return await visible(panel, 5_000);
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

const deniedNow = async (consoleUrl: string) =>
  graphResponse
    .parse(await fetch(`${consoleUrl}/api/graph?namespaces=demo&duration=1m`).then((r) => r.json()))
    .edges.find((e) => e.id === EDGE)?.denied;

describe("the graph page with the article's gateway policies applied", () => {
  beforeAll(async () => {
    const { kubeconfig, consoleUrl } = inject('e2e');
    for (const file of POLICIES) await kubectl(kubeconfig, ['apply', '-f', file]);
    await pollUntil(
      async () => ((await deniedNow(consoleUrl))?.rbac ?? 0) > 0,
      'the gateway → sa-webapp edge never showed denied requests in /api/graph within 90 s of the policies',
    );
  }, 240_000);

  afterAll(async () => {
    const { kubeconfig } = inject('e2e');
    for (const file of [...POLICIES].reverse()) await kubectl(kubeconfig, ['delete', '--ignore-not-found', '-f', file]);
  });

  it('draws the refused edge dashed in its own colour with "denied" on it, and the panel names what refused it', async () => {
    const page = await openPage(browser, inject('e2e').consoleUrl);
    const errors = watchPageErrors(page).problems;
    const graph = await openGraph(page, 'namespaces=demo&window=1m');
    await expectCanvasShowsGraph(page, graph);
    const denied = graph.edges.find((e) => e.id === EDGE)!.denied!;
    expect(denied.rbac).toBeGreaterThan(0);

    const drawn = (await readCanvas(page))!.edges.find((e) => e.id === EDGE)!;
    expect(drawn.classes).toContain('denied');
    expect(drawn.classes).not.toContain('failure');
    // The page refreshes on its own: the figure is the one drawn, in the app's rate format.
    expect(drawn.label).toMatch(/(<?[\d.]+k? rps) denied$/);
    // The style cytoscape applies to it: dashed, violet, a tee for an arrow (graph-style.ts COLORS.denied).
    const style = await page.evaluate(
      `(() => { const e = window.__sextantCy.getElementById(${JSON.stringify(EDGE)});
        return { line: e.pstyle('line-style').strValue, color: e.pstyle('line-color').strValue.replace(/\\s/g, ''),
                 arrow: e.pstyle('target-arrow-shape').strValue }; })()`,
    );
    expect(style).toEqual({ line: 'dashed', color: 'rgb(124,58,237)', arrow: 'tee' });

    const panel = await clickEdgeUntilPanel(page, EDGE, /istio-ingressgateway.*→/);
    const section = await visible(panel.getByRole('region', { name: 'Denied requests' }));
    await visible(section.getByText(/^<?[\d.]+k? rps by AuthorizationPolicy \(403\)$/));
    await visible(section.getByText(/no ALLOW policy matched/));
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

// A DENY policy of the test's own on sa-logic (from namespace demo): its sidecar refuses sa-webapp's calls and logs
// the policy's name, which the side panel links to its page.
const DENY_POLICY = denyDemoToLogic('e2e-deny-demo-to-logic');
const TO_LOGIC = 'vapp:demo:sa-webapp:v1>svc:demo:sa-logic>http';

describe('the graph page with a DENY policy on sa-logic', () => {
  const file = join(tmpdir(), `e2e-deny-${process.pid}.yaml`);
  beforeAll(async () => {
    const { kubeconfig, consoleUrl } = inject('e2e');
    await writeFile(file, DENY_POLICY);
    await kubectl(kubeconfig, ['apply', '-f', file]);
    await pollUntil(async () => {
      const graph = graphResponse.parse(
        await fetch(`${consoleUrl}/api/graph?namespaces=demo&duration=1m`).then((r) => r.json()),
      );
      return graph.edges.find((e) => e.id === TO_LOGIC)?.denied?.causes.some((c) => c.kind === 'deny-rule') ?? false;
    }, 'sa-webapp → sa-logic never showed the DENY policy in /api/graph within 90 s');
  }, 240_000);
  afterAll(async () => {
    await kubectl(inject('e2e').kubeconfig, ['delete', '--ignore-not-found', '-f', file]);
  });

  it("names the policy in the clicked edge's panel, with a link to its page", async () => {
    const page = await openPage(browser, inject('e2e').consoleUrl);
    const errors = watchPageErrors(page).problems;
    const graph = await openGraph(page, 'namespaces=demo&window=1m');
    await expectCanvasShowsGraph(page, graph);
    const drawn = (await readCanvas(page))!.edges.find((e) => e.id === TO_LOGIC)!;
    expect(drawn.classes).toContain('denied');
    await page.mouse.click(drawn.x, drawn.y);
    const panel = await visible(page.getByRole('complementary', { name: /sa-webapp.*→ sa-logic/ }));
    const section = await visible(panel.getByRole('region', { name: 'Denied requests' }));
    const link = await visible(section.getByRole('link', { name: 'demo/e2e-deny-demo-to-logic' }));
    expect(await link.getAttribute('href')).toMatch(
      /^\/namespaces\/demo\/istio\/AuthorizationPolicy\/e2e-deny-demo-to-logic(\?|$)/,
    );
    await visible(section.getByText(/\(rule 0\)/));
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
