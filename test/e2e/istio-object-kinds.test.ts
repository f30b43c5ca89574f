// Issue 13 item 9: an Istio object's page opens from the kind names kubectl takes (plural, lowercase, short name), and
// a kind that is no Istio kind gets a sentence, not the contract's raw text or a failed request.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { visible } from './browser.js';
import { pagePerTest } from './page-per-test.js';

let page: Page;
pagePerTest((opened) => (page = opened), { watchErrors: true });

describe('Istio object pages by kubectl kind names', () => {
  it.each([
    ['virtualservices', 'VirtualService'],
    ['vs', 'VirtualService'],
    ['virtualservice', 'VirtualService'],
    ['destinationrules', 'DestinationRule'],
    ['dr', 'DestinationRule'],
  ])('opens /namespaces/demo/istio/%s/sa-logic as the %s page, with its YAML', async (typed, kind) => {
    await page.goto(`/namespaces/demo/istio/${typed}/sa-logic`);
    await page.waitForURL(`**/namespaces/demo/istio/${kind}/sa-logic`);
    const yaml = await visible(page.getByRole('figure', { name: `YAML of ${kind} sa-logic` }));
    expect(await yaml.innerText()).toContain(`kind: ${kind}`);
    expect(await page.locator('body').innerText()).not.toContain('Invalid option');
  });

  it('says, for a kind that is no Istio kind, which part of the address is wrong and the kinds it takes', async () => {
    await page.goto('/namespaces/demo/istio/pods/sa-logic');
    const alert = await visible(page.getByRole('main').getByRole('alert'));
    const text = await alert.innerText();
    expect(text).toContain('The kind in the address "pods" is not an Istio kind; use one of VirtualService (vs),');
    expect(text).toContain('AuthorizationPolicy (ap)');
    expect(text).not.toContain('✖');
    expect(text).not.toContain('Invalid option');
    // The API takes the same names and answers a wrong one with the same sentence.
    const api = await page.request.get('/api/istio-config/demo/pods/sa-logic');
    expect(api.status()).toBe(400);
    expect(((await api.json()) as { error: { message: string } }).error.message).toMatch(
      /^kind "pods" is not an Istio kind; use one of VirtualService \(vs\),/,
    );
    const short = await page.request.get('/api/istio-config/demo/vs/sa-logic');
    expect(((await short.json()) as { kind: string }).kind).toBe('VirtualService');
  });
});
