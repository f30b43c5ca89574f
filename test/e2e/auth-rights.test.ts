// Authorization is Kubernetes' (issue 21, part 3), in Chromium through a real OpenID provider, the console
// impersonating whoever logs in: the article's `user` may read demo (view, and read on Istio's kinds) and nothing else,
// so the namespace selector offers demo and not istio-system and sa-logic's routing panel is read only, saying why;
// group `moderator` may also change routing, so `moderator` shifts sa-logic from the panel and the history names them.
// The article's routing of sa-logic is put back at the end, for the files after this one.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ConsoleProcess } from '../../scripts/console-process.js';
import { kubectl } from '../helpers/kubectl.js';
import { launchChromium, openPage, visible } from './browser.js';
import { startOpenidConsole } from './auth-console.js';
import {
  forgetModerators,
  letModeratorsChangeTraffic,
  logInAtProvider,
  type LocalOidcProvider,
} from './auth-oidc-provider.js';
import { backToArticleRouting, v2PinnedToV1 } from './canary.js';

let browser: Browser;
let provider: LocalOidcProvider;
let consoleApp: ConsoleProcess;
const { kubeconfig, consoleUrl: anonymousConsoleUrl } = inject('e2e');

/**
 * What lets `user` and group `moderator` read demo: Kubernetes' view, and read on the routing kinds it leaves out
 * (Istio's, and Gateway API's routes, which a traffic change reads beside them; deploy/rbac/istio-view-edit.yaml).
 */
const READERS: string[][] = [
  ['rolebinding', 'e2e-demo-readers', '--clusterrole=view', '--user=user', '--group=moderator'],
  [
    ...['role', 'e2e-routing-reader', '--verb=get,list,watch'],
    '--resource=virtualservices.networking.istio.io,destinationrules.networking.istio.io,' +
      'httproutes.gateway.networking.k8s.io,grpcroutes.gateway.networking.k8s.io',
  ],
  ['rolebinding', 'e2e-routing-readers', '--role=e2e-routing-reader', '--user=user', '--group=moderator'],
];

async function forgetReaders(): Promise<void> {
  for (const [kind, name] of [...READERS].reverse())
    await kubectl(kubeconfig, ['delete', kind!, name!, '-n', 'demo', '--ignore-not-found']);
}

beforeAll(async () => {
  ({ provider, consoleApp } = await startOpenidConsole({ kubeconfig, idTokenSeconds: 600 }));
  browser = await launchChromium();
  await forgetReaders(); // what a run that died before its afterAll left
  await forgetModerators(kubeconfig);
  for (const [kind, name, ...flags] of READERS)
    await kubectl(kubeconfig, ['create', kind!, name!, ...flags, '-n', 'demo']);
  await letModeratorsChangeTraffic(kubeconfig);
  // The article's starting point: v2 deployed, the VirtualService pinning everything to v1.
  await v2PinnedToV1(kubeconfig, anonymousConsoleUrl);
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await consoleApp?.stop();
  await provider?.stop();
  await backToArticleRouting(kubeconfig);
  await forgetModerators(kubeconfig);
  await forgetReaders();
});

/** A fresh browser, logged in at the provider as `user`, on the console's `path`. */
async function loggedInAs(user: string, path: string): Promise<Page> {
  const page = await openPage(browser, consoleApp.url);
  await page.goto(`/login?next=${encodeURIComponent(path)}`);
  await logInAtProvider(page, { provider, consoleUrl: consoleApp.url, user });
  await page.waitForURL((url) => url.pathname === new URL(path, consoleApp.url).pathname);
  return page;
}

const ROUTING_PAGE = '/namespaces/demo/services/sa-logic?tab=routing&refresh=off';

async function routingPanel(page: Page): Promise<Locator> {
  return visible(page.getByRole('region', { name: 'Traffic routing of sa-logic' }));
}

const splitNow = (panel: Locator) => panel.getByText(/^Split now:/);

describe('what each person may do is what Kubernetes lets them', () => {
  it('offers user demo and not istio-system in the namespace selector, and shows sa-logic’s routing read only, saying why', async () => {
    const page = await loggedInAs('user', '/');
    try {
      await page.getByText('Namespaces:').click();
      const choices = page.getByRole('group', { name: 'Namespaces' });
      await visible(choices.getByRole('checkbox', { name: 'demo', exact: true }));
      expect(await choices.getByRole('checkbox', { name: 'istio-system', exact: true }).count()).toBe(0);

      await page.goto(ROUTING_PAGE);
      const panel = await routingPanel(page);
      await visible(splitNow(panel).filter({ hasText: 'v1 100 %, v2 0 %' }));
      const readOnly = await visible(panel.getByRole('note').filter({ hasText: /^Read only:/ }));
      expect(await readOnly.innerText()).toMatch(
        /may not update virtualservices\.networking\.istio\.io sa-logic in demo/,
      );
      expect(await panel.getByRole('spinbutton', { name: 'v2 %' }).isDisabled()).toBe(true);
      expect(await panel.getByRole('button', { name: 'Preview', exact: true }).isDisabled()).toBe(true);
    } finally {
      await page.context().close();
    }
  });

  it('lets moderator shift sa-logic to 90/10 from the panel, and the history names moderator as who did it', async () => {
    const page = await loggedInAs('moderator', ROUTING_PAGE);
    try {
      const panel = await routingPanel(page);
      await visible(splitNow(panel).filter({ hasText: 'v1 100 %, v2 0 %' }));
      expect(
        await panel
          .getByRole('note')
          .filter({ hasText: /^Read only:/ })
          .count(),
      ).toBe(0);
      await panel.getByRole('spinbutton', { name: 'v2 %' }).fill('10');
      await panel.getByRole('button', { name: 'Preview', exact: true }).click();
      await visible(panel.getByLabel('YAML diff'));
      await panel.getByRole('button', { name: 'Apply', exact: true }).click();
      await visible(panel.getByRole('status').filter({ hasText: /^Applied:/ }));
      await visible(splitNow(panel).filter({ hasText: 'v1 90 %, v2 10 %' }));

      const history = await visible(panel.getByRole('list', { name: 'Routing changes of sa-logic' }));
      const newest = history.getByRole('listitem').first();
      await visible(newest.filter({ hasText: 'send 90 % to v1 and 10 % to v2' }));
      expect(await newest.innerText()).toMatch(/ by moderator, applied/);
      const weights = await kubectl(kubeconfig, [
        ...['-n', 'demo', 'get', 'virtualservice', 'sa-logic'],
        ...['-o', 'jsonpath={.spec.http[0].route[*].weight}'],
      ]);
      expect(weights.trim()).toBe('90 10');
    } finally {
      await page.context().close();
    }
  }, 120_000);
});
