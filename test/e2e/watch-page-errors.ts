// What a person would see in the DevTools console: uncaught exceptions and console errors, collected per page so a
// test can say none happened on the pages it walked.
import type { Page } from 'playwright-core';

/** Each problem is named with where it happened: the page's URL, or what `where` says (a step of a walk). */
export function watchPageErrors(page: Page, where: () => string = () => page.url()): { problems: string[] } {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`${where()}: uncaught ${err.name}: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`${where()}: console error: ${msg.text()} (${msg.location().url})`);
  });
  return { problems };
}
