// The graph page in Chromium on a synthetic mesh: time from the /api/graph answer to a laid-out, interactive canvas,
// and frames per second while panning (cy.panBy every animation frame), canvas and WebGL renderers side by side.
// Prints one JSON line. Budget (issue 6): interactive < 3 s, panning ≥ 30 fps at 1,000 workloads.
// Every wait has a deadline and a reason: a bench finishes or fails saying what it waited for (issue 13).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { durationSeconds } from '../lib/duration.js';
import { TIME_WINDOWS } from '../lib/time-controls.js';
import { buildConsoleIfStale, startConsole } from '../scripts/console-process.js';
import { freePort, scalar } from '@sextant/mesh-in-a-box';
import { longestScrapeInterval } from '../server/sources/prometheus.js';
import { launchChromium } from '../test/e2e/browser.js';
import { startSyntheticMeshChild } from './synthetic-mesh.js';

const { values } = parseArgs({
  options: {
    workloads: { type: 'string' },
    namespaces: { type: 'string' },
    group: { type: 'string' },
    runs: { type: 'string' },
  },
});
const workloads = Number(values.workloads ?? 1000);
const namespaces = Number(values.namespaces ?? Math.max(20, Math.round(workloads / 100)));
// A large graph is drawn grouped by namespace, as the page does by itself above GROUP_ABOVE_NODES.
const group = values.group ?? (workloads > 1000 ? 'on' : 'off');
const runsPerRenderer = Number(values.runs ?? 3);
const root = resolve(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Generous for a 2-core machine shared with other jobs; a step that takes longer is broken, not slow.
const DATA_DEADLINE_MS = 8 * 60_000;
const ANSWER_DEADLINE_MS = 180_000;
const LAYOUT_DEADLINE_MS = 180_000;
const WATCHDOG_MS = 30 * 60_000;

let step = 'starting the mesh in a box';
// Whatever hangs, the bench ends with the step it was on.
setTimeout(() => {
  console.error(`graph-browser-bench: no result after ${WATCHDOG_MS / 60_000} min, still ${step}`);
  process.exit(1);
}, WATCHDOG_MS).unref();

interface Run {
  renderer: string;
  webgl: boolean;
  nodes: number;
  edges: number;
  apiMs: number;
  workerMs: number;
  applyMs: number;
  layoutMs: number;
  interactiveMs: number;
  /** From navigation (the page's time origin) to the drawn, laid-out graph: what a person waits. */
  fromNavigationMs: number;
  panFps: number;
}

/** The median of each figure over the runs (each figure on its own). */
function median(runs: Run[]): Run {
  const mid = (pick: (r: Run) => number) => runs.map(pick).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
  const first = runs[0]!;
  return {
    ...first,
    apiMs: mid((r) => r.apiMs),
    workerMs: mid((r) => r.workerMs),
    applyMs: mid((r) => r.applyMs),
    layoutMs: mid((r) => r.layoutMs),
    interactiveMs: mid((r) => r.interactiveMs),
    fromNavigationMs: mid((r) => r.fromNavigationMs),
    panFps: mid((r) => r.panFps),
  };
}

/** The mesh's scrape interval, from its Prometheus' status/config (it grows with the number of series). */
async function scrapeIntervalSeconds(prometheusUrl: string): Promise<number> {
  const res = await fetch(`${prometheusUrl}/api/v1/status/config`, { signal: AbortSignal.timeout(10_000) });
  const yaml = ((await res.json()) as { data: { yaml: string } }).data.yaml;
  return longestScrapeInterval(yaml) || 15;
}

/** One number from an instant query of the mesh's Prometheus (0 when the answer is empty). */
const count = async (prometheusUrl: string, promql: string): Promise<number> =>
  Number((await scalar(prometheusUrl, promql, AbortSignal.timeout(60_000))) ?? 0);

/**
 * The smallest window the page offers that holds three scrapes: rate() needs two samples, and a 1-minute window of a
 * mesh scraped every 60 s (5,000 workloads) holds one at most, so the graph came back empty and the page never laid
 * anything out. Waits until nearly every request series has a rate over that window: right after start-up only the
 * series of the first scrapes do, and the graph would be a fraction of the mesh.
 */
async function waitForRates(prometheusUrl: string): Promise<string> {
  const deadline = Date.now() + DATA_DEADLINE_MS;
  for (;;) {
    const intervalS = await scrapeIntervalSeconds(prometheusUrl);
    const window = TIME_WINDOWS.find((w) => durationSeconds(w)! >= 3 * intervalS) ?? TIME_WINDOWS.at(-1)!;
    const [rated, present] = await Promise.all([
      count(prometheusUrl, `count(rate(istio_requests_total[${window}]))`),
      count(prometheusUrl, 'count(istio_requests_total)'),
    ]);
    step = `waiting for request rates over ${window} (scrapes every ${intervalS} s; ${rated} of ${present} series)`;
    if (present > 0 && rated >= 0.95 * present) return window;
    if (Date.now() > deadline)
      throw new Error(`too few request rates in Prometheus after ${DATA_DEADLINE_MS / 60_000} min while ${step}`);
    await sleep(5_000);
  }
}

type Measured = Run | { renderer: string; edges: 0; message: string };

async function measure(browser: Browser, url: string, renderer: 'canvas' | 'webgl', window: string): Promise<Measured> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const query =
    `/graph?bench=1&refresh=off&window=${window}&graphType=workload&group=${group}&injectServiceNodes=false` +
    `&renderer=${renderer}`;
  step = `loading ${query}`;
  const navigated = Date.now();
  const answered = page
    .waitForResponse((r) => new URL(r.url()).pathname === '/api/graph', { timeout: ANSWER_DEADLINE_MS })
    .catch((err: unknown) => {
      throw new Error(`the page got no /api/graph answer within ${ANSWER_DEADLINE_MS / 1000} s`, { cause: err });
    });
  await page.goto(`${url}${query}`);
  const response = await answered;
  const apiMs = Date.now() - navigated;
  const graph = (await response.json()) as {
    nodes: unknown[];
    edges: unknown[];
    message?: string;
    metricsError?: string;
  };
  if (!response.ok()) throw new Error(`/api/graph answered ${response.status()}: ${JSON.stringify(graph)}`);
  if (graph.nodes.length === 0 || graph.edges.length === 0) {
    // No traffic in the answer: Prometheus has no rates yet (message), or its query failed (metricsError, e.g. a
    // timeout of the mesh's built-in Prometheus on a loaded machine); no nodes either while the console's watch
    // cache is still filling.
    await context.close();
    const why = graph.metricsError ?? graph.message ?? 'no message';
    return { renderer, edges: 0, message: `${graph.nodes.length} nodes, no edges: ${why}` };
  }
  step = `waiting for the layout of ${graph.nodes.length} nodes (${renderer})`;
  // From the answer's arrival (in the page's clock) to the layout applied and a frame drawn after it.
  // Strings, not functions: tsx would wrap named arrow functions in a helper the page does not have.
  const timing = (await page.evaluate(`(async () => {
    const answer = performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === '/api/graph');
    const start = answer ? answer.responseEnd : 0;
    const deadline = performance.now() + ${LAYOUT_DEADLINE_MS};
    while (document.querySelector('[data-testid="graph-canvas"]')?.dataset.layout !== 'done') {
      if (performance.now() > deadline) {
        const state = document.querySelector('[data-testid="graph-canvas"]')?.dataset.layout ?? 'no canvas';
        throw new Error('no layout within ${LAYOUT_DEADLINE_MS / 1000} s (data-layout: ' + state + ')');
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    const laidOut = performance.now();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const measured = (name) => Math.round(performance.getEntriesByName(name).at(-1)?.duration ?? 0);
    return {
      layoutMs: laidOut - start,
      interactiveMs: performance.now() - start,
      fromNavigationMs: performance.now(),
      workerMs: measured('graph:layout'),
      applyMs: measured('graph:apply'),
    };
  })()`)) as {
    layoutMs: number;
    interactiveMs: number;
    fromNavigationMs: number;
    workerMs: number;
    applyMs: number;
  };
  const webgl = await page.evaluate(
    () => document.querySelector('canvas[data-id="layer2-webgl"], canvas[data-id$="-webgl"]') !== null,
  );
  // Half a second of panning first: cytoscape fills its node texture caches on the first frames.
  const panFps = (await page.evaluate(`(async () => {
    const cy = window.__sextantGraph;
    const warm = performance.now();
    await new Promise((done) => {
      function step(now) {
        cy.panBy({ x: 3, y: 0 });
        if (now - warm < 500) requestAnimationFrame(step);
        else done();
      }
      requestAnimationFrame(step);
    });
    let frames = 0;
    const start = performance.now();
    await new Promise((done) => {
      function step(now) {
        frames++;
        cy.panBy({ x: frames % 200 < 100 ? 6 : -6, y: 2 * Math.sin(frames / 10) });
        if (now - start < 3000) requestAnimationFrame(step);
        else done();
      }
      requestAnimationFrame(step);
    });
    return frames / ((performance.now() - start) / 1000);
  })()`)) as number;
  await context.close();
  return {
    renderer,
    webgl,
    nodes: graph.nodes.length,
    edges: graph.edges.length,
    apiMs,
    workerMs: timing.workerMs,
    applyMs: timing.applyMs,
    layoutMs: Math.round(timing.layoutMs),
    interactiveMs: Math.round(timing.interactiveMs),
    fromNavigationMs: Math.round(timing.fromNavigationMs),
    panFps: Math.round(panFps * 10) / 10,
  };
}

const mesh = await startSyntheticMeshChild({ workloads, namespaces });
let browser: Browser | undefined;
let consoleApp: Awaited<ReturnType<typeof startConsole>> | undefined;
try {
  step = 'building and starting the console';
  await buildConsoleIfStale(root, 'quiet');
  const prometheusUrl = mesh.endpoints['prometheus'];
  if (!prometheusUrl) throw new Error('the mesh in a box printed no prometheus URL');
  consoleApp = await startConsole({
    root,
    port: await freePort(),
    env: { KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: prometheusUrl },
  });
  const window = await waitForRates(prometheusUrl);
  // As the browser tests run it. With no GPU, Chromium still offers WebGL 2 through SwiftShader (in software).
  step = 'launching Chromium';
  browser = await launchChromium();
  // Warm the server's caches and the browser's, until the graph has its edges (the first answers after start-up
  // may come before Prometheus can answer the rate queries in time).
  const warmDeadline = Date.now() + DATA_DEADLINE_MS;
  for (;;) {
    const warm = await measure(browser, consoleApp.url, 'canvas', window);
    if ('apiMs' in warm) break;
    if (Date.now() > warmDeadline)
      throw new Error(`the graph still had no edges after ${DATA_DEADLINE_MS / 60_000} min: ${warm.message}`);
  }
  // The mesh, Prometheus, the console and Chromium share the machine: the median of the runs per renderer.
  // An answer with nodes but no edges (seen at 5,000 workloads on a loaded machine) is counted and the run retried
  // twice; a third in a row fails the bench with the API's message.
  const samples: Record<'canvas' | 'webgl', Run[]> = { canvas: [], webgl: [] };
  let emptyAnswers = 0;
  for (let i = 0; i < runsPerRenderer; i++) {
    for (const renderer of ['canvas', 'webgl'] as const) {
      for (let attempt = 1; ; attempt++) {
        const run = await measure(browser, consoleApp.url, renderer, window);
        if ('apiMs' in run) {
          samples[renderer].push(run);
          break;
        }
        emptyAnswers++;
        if (attempt === 3) throw new Error(`${renderer} runs got a graph without edges 3 times: ${run.message}`);
      }
    }
  }
  const runs = (['canvas', 'webgl'] as const).map((renderer) => median(samples[renderer]));
  console.log(JSON.stringify({ workloads, namespaces, group, window, emptyAnswers, runs }));
} catch (err) {
  console.error(`graph-browser-bench failed while ${step}: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await browser?.close();
  await consoleApp?.stop();
  await mesh.stop();
}
process.exit(process.exitCode ?? 0);
