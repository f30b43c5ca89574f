// Every figure a person reads is rounded: "1 h 5 min", never "1.0833333333333333 h" (issue 13, item 4).
import type { Page } from 'playwright-core';

// A number with four or more decimals that is not part of an address or a version (10.244.0.12, 1.24.3).
export const UNROUNDED = /(?<![\d.])\d+\.\d{4,}(?![\d.])/;

/** What of the page's text shows a number nobody rounded, such as "1.0833333333333333 h". */
export async function unroundedOnScreen(page: Page): Promise<string | null> {
  const text = await page.locator('body').innerText();
  const m = UNROUNDED.exec(text);
  return m ? text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 20).replace(/\s+/g, ' ') : null;
}
