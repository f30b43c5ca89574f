// What a person would see in the DevTools console: uncaught exceptions and console errors, collected per page so a
// test can say none happened on the pages it walked.
import type { Page } from 'playwright-core';

export function watchPageErrors(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message} (${page.url()})`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()} (${page.url()})`);
  });
  return { problems };
}
