// The setup most browser test files share: one Chromium for the file, a fresh page for each test, closed after it
// (a page left open keeps polling and slows every later test on a two-core runner).
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, inject } from 'vitest';
import { launchChromium, openPage } from './browser.js';
import { watchPageErrors } from './watch-page-errors.js';

/**
 * Registers the hooks; `use` receives each test's page. With `watchErrors`, a test fails on any uncaught exception or
 * console error its page met, but those `expected` says the test itself caused (an outage it asked for);
 * `cpuThrottle` slows the page's CPU that many times whatever SEXTANT_E2E_CPU_THROTTLE says.
 */
export function pagePerTest(
  use: (page: Page) => void,
  {
    watchErrors,
    cpuThrottle,
    expected = () => false,
  }: { watchErrors: boolean; cpuThrottle?: number; expected?: (problem: string) => boolean },
): void {
  let browser: Browser;
  let page: Page;
  let watched: { problems: string[] } | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    page = await openPage(browser, inject('e2e').consoleUrl, cpuThrottle === undefined ? {} : { cpuThrottle });
    watched = watchErrors ? watchPageErrors(page) : undefined;
    use(page);
  });
  afterEach(async () => {
    await page.context().close();
    if (watched) expect(watched.problems.filter((p) => !expected(p))).toEqual([]);
  });
}
