// The graph page in Chromium on a 1,000-workload synthetic mesh: time from the /api/graph answer to a laid-out,
// interactive canvas, and frames per second while panning (cy.panBy every animation frame), canvas and WebGL
// renderers side by side. Prints one JSON line. Budget (issue 6): interactive < 3 s, panning ≥ 30 fps.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { buildConsoleIfStale, startConsole } from '../server/demo/console-process.js';
import { freePort } from '../server/demo/free-port.js';
import { launchChromium } from '../test/e2e/browser.js';
import { startSyntheticMeshChild } from './synthetic-mesh.js';

const { values } = parseArgs({ options: { workloads: { type: 'string' }, namespaces: { type: 'string' } } });
const workloads = Number(values.workloads ?? 1000);
const namespaces = Number(values.namespaces ?? 20);
const root = resolve(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
    panFps: mid((r) => r.panFps),
  };
}

async function measure(browser: Browser, url: string, renderer: 'canvas' | 'webgl'): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const query =
    `/graph?bench=1&refresh=off&window=1m&graphType=workload&group=off&injectServiceNodes=false` +
    `&renderer=${renderer}`;
  const navigated = Date.now();
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/graph', { timeout: 120_000 });
  await page.goto(`${url}${query}`);
  const response = await answered;
  const apiMs = Date.now() - navigated;
  const graph = (await response.json()) as { nodes: unknown[]; edges: unknown[] };
  // From the answer's arrival (in the page's clock) to the layout applied and a frame drawn after it.
  // Strings, not functions: tsx would wrap named arrow functions in a helper the page does not have.
  const timing = (await page.evaluate(`(async () => {
    const answer = performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === '/api/graph');
    const start = answer ? answer.responseEnd : 0;
    while (document.querySelector('[data-testid="graph-canvas"]')?.dataset.layout !== 'done') {
      await new Promise((r) => setTimeout(r, 10));
    }
    const laidOut = performance.now();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const measured = (name) => Math.round(performance.getEntriesByName(name).at(-1)?.duration ?? 0);
    return {
      layoutMs: laidOut - start,
      interactiveMs: performance.now() - start,
      workerMs: measured('graph:layout'),
      applyMs: measured('graph:apply'),
    };
  })()`)) as {
    layoutMs: number;
    interactiveMs: number;
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
    panFps: Math.round(panFps * 10) / 10,
  };
}

const mesh = await startSyntheticMeshChild({ root, workloads, namespaces });
let browser: Browser | undefined;
const consoleApp = await (async () => {
  await buildConsoleIfStale(root, 'quiet');
  return startConsole({
    root,
    port: await freePort(),
    env: { KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: mesh.endpoints['prometheus'] ?? '' },
  });
})();
try {
  // A minute of traffic in the mesh's Prometheus so every edge has a rate over the 1m window.
  await sleep(20_000);
  // As the browser tests run it. With no GPU, Chromium still offers WebGL 2 through SwiftShader (in software).
  browser = await launchChromium();
  await measure(browser, consoleApp.url, 'canvas'); // warm the server's caches and the browser's
  // The mesh, Prometheus, the console and Chromium share the machine: the median of three runs per renderer.
  const samples: Record<'canvas' | 'webgl', Run[]> = { canvas: [], webgl: [] };
  for (let i = 0; i < 3; i++) {
    for (const renderer of ['canvas', 'webgl'] as const)
      samples[renderer].push(await measure(browser, consoleApp.url, renderer));
  }
  const runs = (['canvas', 'webgl'] as const).map((renderer) => median(samples[renderer]));
  console.log(JSON.stringify({ workloads, runs }));
} finally {
  await browser?.close();
  await consoleApp.stop();
  await mesh.stop();
}
process.exit(0);
