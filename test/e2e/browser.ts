// Debian's Chromium driven by playwright-core, and the waiting that @playwright/test's expect would do.
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_BIN'] ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export async function openPage(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1400, height: 900 } });
  return context.newPage();
}

/** Waits until the locator is on screen; fails with what was on the page when it is not. */
export async function visible(locator: Locator, timeoutMs = 20_000): Promise<Locator> {
  try {
    await locator.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch (err) {
    const text = await locator
      .page()
      .locator('main')
      .innerText()
      .catch(() => '(no main)');
    throw new Error(`${(err as Error).message}\n--- the page said:\n${text.slice(0, 2000)}`, { cause: err });
  }
  return locator;
}

/** The row of a table whose row header is exactly `name`. */
export function rowNamed(table: Locator, name: string): Locator {
  return table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name, exact: true }) });
}
