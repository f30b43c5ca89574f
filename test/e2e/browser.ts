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

/**
 * SEXTANT_E2E_CPU_THROTTLE=4 slows the page's CPU four times (Chromium's DevTools Emulation.setCPUThrottlingRate),
 * as on a slow laptop or a loaded CI runner: a test that only passes on a fast machine is racing the page.
 */
export function cpuThrottleRate(env: Record<string, string | undefined> = process.env): number | null {
  const raw = env['SEXTANT_E2E_CPU_THROTTLE'];
  if (raw === undefined || raw === '') return null;
  const rate = Number(raw);
  if (!Number.isFinite(rate) || rate < 1)
    throw new Error(`SEXTANT_E2E_CPU_THROTTLE must be a slowdown factor of 1 or more, such as 4; it is "${raw}"`);
  return rate;
}

/** `cpuThrottle` overrides SEXTANT_E2E_CPU_THROTTLE, for a test of a race that shows only on a slow machine. */
export async function openPage(
  browser: Browser,
  baseURL: string,
  { cpuThrottle }: { cpuThrottle?: number } = {},
): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const rate = cpuThrottle ?? cpuThrottleRate();
  if (rate !== null && rate > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  }
  return page;
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
