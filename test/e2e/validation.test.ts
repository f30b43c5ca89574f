import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { routeSaLogicTo } from '../helpers/kubectl.js';
import { launchChromium, openPage, rowNamed, visible } from './browser.js';

let browser: Browser;
let page: Page;
const { consoleUrl, kubeconfig } = inject('e2e');

const routeTo = (subset: string) => routeSaLogicTo(kubeconfig, subset);

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await routeTo('v1').catch(() => {});
  await browser?.close();
});
beforeEach(async () => {
  page = await openPage(browser, consoleUrl);
});

describe('validation in the console', () => {
  it('shows a VirtualService routed to a missing subset as an error, marks the line, and clears it when fixed', async () => {
    await routeTo('v3');
    await page.goto('/istio?namespaces=demo&refresh=10s');
    const table = await visible(page.getByRole('table', { name: 'Istio config in demo' }));
    const row = rowNamed(table, 'sa-logic').filter({
      has: page.getByRole('cell', { name: 'VirtualService', exact: true }),
    });
    await visible(row.getByRole('cell', { name: '1 error', exact: true }));
    await visible(
      rowNamed(table, 'sa-logic')
        .filter({ has: page.getByRole('cell', { name: 'DestinationRule', exact: true }) })
        .getByRole('cell', { name: /^Valid/ }),
    );

    await row.getByRole('link', { name: 'sa-logic' }).click();
    await page.waitForURL('**/namespaces/demo/istio/VirtualService/sa-logic**');
    const yaml = await visible(page.getByRole('figure', { name: 'YAML of VirtualService sa-logic' }));
    const marked = await visible(yaml.getByRole('listitem', { name: /^Line \d+: error: .*subset "v3"/ }));
    expect(await marked.innerText()).toContain('subset: v3');
    const findings = await visible(page.getByRole('list', { name: 'Findings' }));
    await visible(
      findings.getByText(/names subset "v3" of sa-logic, but DestinationRule demo\/sa-logic defines only "v1", "v2"/),
    );
    await visible(findings.getByText('KIA1107 · IST0101'));
    await visible(findings.getByRole('link', { name: 'DestinationRule demo/sa-logic' }));

    await routeTo('v1');
    // Within one refresh (10 s) the finding goes, from the panel and from the marked line.
    await visible(page.getByText('Valid: no findings on this object.'), 12_000);
    expect(await yaml.getByRole('listitem', { name: /^Line \d+: error/ }).count()).toBe(0);
  });

  it('counts the findings on the overview card and lists them on the service the VirtualService routes', async () => {
    await routeTo('v3');
    // What the console's own validation says, read the way a script would: the page must show the same.
    let demo = { errors: 0, warnings: 0 };
    let vs = { errors: 0 };
    for (let i = 0; i < 40 && vs.errors === 0; i++) {
      const body = (await (await fetch(`${consoleUrl}/api/validations?namespace=demo`)).json()) as {
        namespaces: { namespace: string; errors: number; warnings: number }[];
        objects: { kind: string; name: string; errors: number }[];
      };
      demo = body.namespaces.find((n) => n.namespace === 'demo')!;
      vs = body.objects.find((o) => o.kind === 'VirtualService' && o.name === 'sa-logic') ?? { errors: 0 };
      if (vs.errors === 0) await new Promise((r) => setTimeout(r, 250));
    }
    expect(vs.errors).toBeGreaterThan(0);
    const words = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

    await page.goto('/?namespaces=demo');
    const card = await visible(page.getByRole('article', { name: 'demo' }));
    const expected = [words(demo.errors, 'error'), demo.warnings ? words(demo.warnings, 'warning') : '']
      .filter(Boolean)
      .join(', ');
    await visible(card.getByText(expected, { exact: false }));

    await page.goto('/namespaces/demo/services/sa-logic');
    const config = await visible(page.getByRole('list', { name: 'Istio config' }));
    const item = config.getByRole('listitem').filter({ hasText: 'VirtualService demo/sa-logic' });
    await visible(item.getByText(words(vs.errors, 'error')));
    await item.getByRole('link', { name: 'VirtualService demo/sa-logic' }).click();
    await page.waitForURL('**/namespaces/demo/istio/VirtualService/sa-logic**');
    await routeTo('v1');
  });
});
