// Issue 18 item 2, read from the screen: sa-webapp's Security tab says who calls it in plaintext (the sidecar-less
// legacy-reports, named from the access log), and a policy pasted into "Try a policy" that allows only the ingress
// gateway's principal is shown denying legacy-reports' observed calls before it is applied.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { launchChromium, openPage, visible } from './browser.js';
import { watchPageErrors } from './watch-page-errors.js';

let browser: Browser;
let page: Page;
let problems: string[];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  page = await openPage(browser, inject('e2e').consoleUrl);
  problems = watchPageErrors(page).problems;
});
afterEach(async () => {
  await page.context().close();
});

const ONLY_GATEWAY = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: only-gateway
spec:
  selector:
    matchLabels:
      app: sa-webapp
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account"]
`;

async function openSecurityTab() {
  await page.goto('/namespaces/demo/workloads/sa-webapp');
  await (await visible(page.getByRole('tab', { name: 'Security', exact: true }))).click();
  await page.waitForURL(/tab=security/);
}

describe('the Security tab', () => {
  it("names legacy-reports as sa-webapp's plaintext caller", async () => {
    await openSecurityTab();
    const mtls = page.getByRole('region', { name: 'mTLS' });
    await visible(mtls.getByText(/plaintext from .*legacy\/legacy-reports/), 60_000);
    expect(await mtls.innerText()).toMatch(/mTLS PERMISSIVE; \d+ % of inbound requests over mTLS/);
    await visible(page.getByText('Otherwise allow: No ALLOW policy is in force', { exact: false }));
    expect(problems).toEqual([]);
  });

  it("shows a pasted policy denying legacy-reports' calls and allowing the gateway's", async () => {
    await openSecurityTab();
    await page.getByLabel('AuthorizationPolicy (YAML or JSON) for namespace demo').fill(ONLY_GATEWAY);
    await page.getByRole('button', { name: 'Simulate on the last hour' }).click();
    const table = await visible(page.getByRole('table', { name: 'Simulated decisions' }));
    const legacy = await visible(table.getByRole('row').filter({ hasText: 'legacy/legacy-reports' }).first());
    expect((await legacy.getByRole('rowheader').innerText()).toLowerCase()).toBe('deny');
    const gateway = table.getByRole('row').filter({ hasText: 'istio-system/istio-ingressgateway' }).first();
    expect((await gateway.getByRole('rowheader').innerText()).toLowerCase()).toBe('allow');
    expect(problems).toEqual([]);
  });
});
