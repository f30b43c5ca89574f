// A 500-span trace's waterfall in Chromium (issue 17's budget: under 500 ms). The trace is synthetic (10 services, a
// tree three wide, children inside their parents) and served in place of /api/traces/{id} by the browser itself, so
// the figure is the page's own work: from the answer's last byte to the 500 span rows laid out and painted. Fresh
// browser context each run, median of five. Prints one JSON line.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import type { Span, Trace } from '../lib/api/traces.js';
import { buildConsoleIfStale, startConsole } from '../scripts/console-process.js';
import { freePort, startMeshChild } from '@sextant/mesh-in-a-box';
import { launchChromium } from '../test/e2e/browser.js';

const root = resolve(import.meta.dirname, '..');
const SPANS = 500;
const TRACE_ID = 'b0bb1e5000000000000000000000a500';

/** A trace of `count` spans: span i's parent is span (i-1)/3, each child a slice of its parent's time. */
function syntheticTrace(count: number, startUs = Date.now() * 1000 - 60e6): Trace {
  const spans: Span[] = [];
  for (let i = 0; i < count; i++) {
    const parent = i === 0 ? null : spans[Math.floor((i - 1) / 3)]!;
    const nth = i === 0 ? 0 : (i - 1) % 3;
    const start = parent ? parent.startTime + ((nth + 1) * parent.duration) / 5 : startUs;
    const duration = parent ? parent.duration / 4 : 2_000_000;
    const service = `svc-${i % 10}.bench`;
    spans.push({
      spanId: (0x1000 + i).toString(16).padStart(16, '0'),
      parentId: parent?.spanId ?? null,
      service,
      operation: `${service}.svc.cluster.local:80/op-${i % 7}`,
      startTime: Math.round(start),
      duration: Math.max(1, Math.round(duration)),
      pod: `svc-${i % 10}-7d9f8-abcde`,
      namespace: 'bench',
      requestId: 'f0e1d2c3-0000-4000-8000-000000000500',
      error: i % 50 === 7,
      tags: { 'http.status_code': i % 50 === 7 ? '503' : '200', response_flags: i % 50 === 7 ? 'UF' : '-' },
    });
  }
  return {
    traceId: TRACE_ID,
    startTime: startUs,
    duration: 2_000_000,
    error: spans.some((s) => s.error),
    services: [...new Set(spans.map((s) => s.service))],
    spans,
  };
}

interface Run {
  waterfallMs: number;
  fromNavigationMs: number;
}

// Strings, not functions: tsx would wrap named functions in a helper the page does not have.
const WATCH_ROWS = `
  window.__drawnAt = null;
  new MutationObserver((_, observer) => {
    if (document.querySelectorAll('[data-span-id]').length < ${SPANS}) return;
    observer.disconnect();
    // After the next frame's paint: what a person sees, not only what React committed.
    requestAnimationFrame(() => setTimeout(() => { window.__drawnAt = performance.now(); }, 0));
  }).observe(document, { childList: true, subtree: true });
`;

async function measure(browser: Browser, url: string, body: string): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript(WATCH_ROWS);
  await context.route(`**/api/traces/${TRACE_ID}`, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body }),
  );
  await context.route(`**/api/traces/${TRACE_ID}/logs`, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '{"lines":[]}' }),
  );
  const page = await context.newPage();
  await page.goto(`${url}/namespaces/demo/applications/sa-logic?tab=traces&trace=${TRACE_ID}&refresh=off`);
  await page.waitForFunction('window.__drawnAt !== null', undefined, { timeout: 60_000 });
  const run = (await page.evaluate(`(() => {
    const answer = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/api/traces/${TRACE_ID}'));
    return {
      waterfallMs: Math.round(window.__drawnAt - (answer ? answer.responseEnd : 0)),
      fromNavigationMs: Math.round(window.__drawnAt),
    };
  })()`)) as Run;
  await context.close();
  return run;
}

const mesh = await startMeshChild({
  kubeconfig: join(mkdtempSync(join(tmpdir(), 'sextant-bench-')), 'kubeconfig'),
});
let browser: Browser | undefined;
await buildConsoleIfStale(root, 'quiet');
const consoleApp = await startConsole({
  root,
  port: await freePort(),
  env: {
    KUBECONFIG: mesh.kubeconfig,
    PROMETHEUS_URL: mesh.endpoints['prometheus'] ?? '',
    JAEGER_URL: mesh.endpoints['jaeger'] ?? '',
  },
});
try {
  const body = JSON.stringify(syntheticTrace(SPANS));
  browser = await launchChromium();
  await measure(browser, consoleApp.url, body); // the server's first compile of the page
  const runs: Run[] = [];
  for (let i = 0; i < 5; i++) runs.push(await measure(browser, consoleApp.url, body));
  const mid = (pick: (r: Run) => number) => runs.map(pick).sort((a, b) => a - b)[2]!;
  console.log(
    JSON.stringify({
      spans: SPANS,
      waterfallMs: mid((r) => r.waterfallMs),
      fromNavigationMs: mid((r) => r.fromNavigationMs),
    }),
  );
} finally {
  await browser?.close();
  await consoleApp.stop();
  await mesh.stop();
}
process.exit(0);
