// The graph page after the article's gateway policies (RequestAuthentication + three ALLOW policies): the browsers
// carry no token, so the gateway refuses their /sentiment and /feedback calls. Read from the canvas (cytoscape's own
// elements and styles) and the side panel a person opens by clicking the edge.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { graphResponse } from '../../lib/api/graph.js';
import { FIXTURES, kubectl } from '../helpers/kubectl.js';
import { launchChromium, openPage, visible } from './browser.js';
import { pollUntil } from './canary.js';
import { readCanvas } from './graph-canvas.js';
import { expectCanvasShowsGraph, openGraph } from './graph-page.js';
import { watchPageErrors } from './watch-page-errors.js';

const POLICIES = ['request-authentication.yaml', 'allow-view.yaml', 'allow-analysis.yaml', 'allow-feedback.yaml'].map(
  (f) => `${FIXTURES}/sentiment-analysis/istio/security/${f}`,
);
const GATEWAY = 'vapp:istio-system:istio-ingressgateway:latest';
const EDGE = `${GATEWAY}>svc:demo:sa-webapp>http`;

let browser: Browser;

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
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    const { kubeconfig } = inject('e2e');
    for (const file of [...POLICIES].reverse()) await kubectl(kubeconfig, ['delete', '--ignore-not-found', '-f', file]);
    await browser?.close();
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

    await page.mouse.click(drawn.x, drawn.y);
    const panel = await visible(page.getByRole('complementary', { name: /istio-ingressgateway.*→/ }));
    const section = await visible(panel.getByRole('region', { name: 'Denied requests' }));
    await visible(section.getByText(/^<?[\d.]+k? rps by AuthorizationPolicy \(403\)$/));
    await visible(section.getByText(/no ALLOW policy matched/));
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
