// The console's image and a replica (issue 22's budgets), measured on what the image runs without Docker: the
// Dockerfile's runtime stage assembled in a folder (scripts/standalone.ts) and started as `node server.js`.
//   size: the assembled app plus the base (distroless cc-debian12 and the Node binary the Dockerfile copies into it);
//   cold start: spawn to /readyz 200 against the demo mesh (sentiment-analysis), median of three;
//   heap: a replica on the 5,000-workload synthetic mesh with the Deployment's NODE_OPTIONS, after the graph of every
//         namespace, the overview and a service page were each asked a few times, read from its own /metrics.
// Prints one JSON line.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, startMeshChild } from '@sextant/mesh-in-a-box';
import { buildConsoleIfStale, type ConsoleProcess } from '../scripts/console-process.js';
import { assembleStandalone, folderBytes, startStandalone } from '../scripts/standalone.js';
import { startSyntheticMeshChild } from './synthetic-mesh.js';

const root = resolve(import.meta.dirname, '..');
const MB = 1e6;
const MiB = 2 ** 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The base cannot be pulled here (no registry but npm's and Debian's), so it is added up from what it holds: distroless
// cc-debian12 is Debian 12's libc6 and libssl3 (distroless base/config.bzl) plus libgomp1, libstdc++6, libgcc-s1 and
// gcc-12-base (cc/config.bzl) on their static image (base-files, netbase, tzdata, media-types, ca-certificates). Their
// Installed-Size in Debian 12 (`apt-cache show`, bookworm, December 2026), in KiB: 13001 + 6042 + 312 + 2686 + 140 + 100
// + 341 + 36 + 2571 + 92 + 388 = 25709. An upper bound: distroless leaves out the packages' /usr/share/doc.
const CC_DEBIAN12_BYTES = 25_709 * 1024;
// The Node binary the Dockerfile copies from node:20.20.2-bookworm-slim: the release this bench runs on is the same
// one, so its size is measured on this machine.
const nodeBinaryBytes = statSync(process.execPath).size;

/** Bytes of `dir` as one gzip'd tar layer, as a registry stores and a node pulls it. */
function gzippedTarBytes(dir: string): number {
  return execFileSync('tar', ['-czf', '-', '-C', dir, '.'], { maxBuffer: 1 << 30 }).length;
}

async function untilReady(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const status = await fetch(`${url}/readyz`)
      .then((r) => r.status)
      .catch(() => 0);
    if (status === 200) return;
    if (Date.now() > until) throw new Error(`${url}/readyz did not answer 200 within ${timeoutMs / 1000} s`);
    await sleep(50);
  }
}

async function getJson<T = unknown>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(120_000) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as T;
}

await buildConsoleIfStale(root, 'quiet');
const work = mkdtempSync(join(tmpdir(), 'sextant-image-bench-'));
const dir = assembleStandalone(root, join(work, 'app'));
const appBytes = folderBytes(dir);
const appGzipBytes = gzippedTarBytes(dir);
const NODE_OPTIONS = '--max-old-space-size=512'; // deploy/base/deployment.yaml

let server: ConsoleProcess | undefined;
try {
  // Cold start against the demo, three times, each a new process.
  const demo = await startMeshChild({ kubeconfig: join(work, 'demo-kubeconfig') });
  const coldStartMs: number[] = [];
  try {
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      server = await startStandalone({
        dir,
        port: await freePort(),
        env: {
          KUBECONFIG: demo.kubeconfig,
          PROMETHEUS_URL: demo.endpoints['prometheus'],
          JAEGER_URL: demo.endpoints['jaeger'],
          NODE_OPTIONS,
        },
      });
      await untilReady(server.url, 60_000);
      coldStartMs.push(performance.now() - started);
      await server.stop();
      server = undefined;
    }
  } finally {
    await demo.stop();
  }

  // A replica on 5,000 workloads.
  const mesh = await startSyntheticMeshChild({ workloads: 5000, namespaces: 50 });
  let heapUsedBytes = 0;
  let heapPeakBytes = 0;
  let graphNodes = 0;
  try {
    server = await startStandalone({
      dir,
      port: await freePort(),
      env: { KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: mesh.endpoints['prometheus'], NODE_OPTIONS },
    });
    await untilReady(server.url, 180_000);
    const heapNow = async () => {
      const text = await (await fetch(`${server!.url}/metrics`)).text();
      const line = /^sextant_nodejs_heap_size_used_bytes\s+(\d+(?:\.\d+)?)/m.exec(text);
      if (!line) throw new Error('/metrics has no sextant_nodejs_heap_size_used_bytes');
      return Number(line[1]);
    };
    // The whole graph is there once the mesh's Prometheus holds two scrapes (every 60 s at this size) of every series
    // in the window: until then an answer can have more nodes than one a scrape before. Done when 75 s brought none.
    const graphUrl = `${server.url}/api/graph?graphType=versionedApp&duration=5m`;
    let stableSince = Date.now();
    for (const until = Date.now() + 420_000; Date.now() < until; await sleep(15_000)) {
      const graph = await getJson<{ nodes: unknown[]; edges: unknown[] }>(graphUrl);
      if (graph.edges.length === 0 || graph.nodes.length !== graphNodes) stableSince = Date.now();
      graphNodes = graph.nodes.length;
      if (Date.now() - stableSince >= 75_000) break;
    }
    const services = await getJson<{ name: string }[]>(`${server.url}/api/namespaces/synth-0/services?window=5m`);
    const service = services[0]!.name;
    for (let round = 0; round < 3; round++) {
      await getJson(graphUrl);
      await getJson(`${server.url}/api/namespaces?window=5m`);
      await getJson(`${server.url}/api/namespaces/synth-0/services/${service}?window=5m`);
      await getJson(`${server.url}/api/namespaces/synth-0/services/${service}/metrics?duration=10m`);
      heapPeakBytes = Math.max(heapPeakBytes, await heapNow());
    }
    await sleep(5_000); // what a replica holds between refreshes
    heapUsedBytes = await heapNow();
  } finally {
    await server?.stop();
    server = undefined;
    await mesh.stop();
  }

  const baseBytes = CC_DEBIAN12_BYTES + nodeBinaryBytes;
  const median = [...coldStartMs].sort((a, b) => a - b)[1]!;
  console.log(
    JSON.stringify({
      appMB: Math.round(appBytes / MB),
      appGzipMB: Math.round(appGzipBytes / MB),
      baseMB: Math.round(baseBytes / MB),
      baseCcDebian12MB: Math.round(CC_DEBIAN12_BYTES / MB),
      baseNodeBinaryMB: Math.round(nodeBinaryBytes / MB),
      imageMB: Math.round((appBytes + baseBytes) / MB),
      coldStartMs: coldStartMs.map(Math.round),
      coldStartMedianMs: Math.round(median),
      graphNodes,
      heapUsedMiB: Math.round(heapUsedBytes / MiB),
      heapPeakMiB: Math.round(heapPeakBytes / MiB),
    }),
  );
} finally {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
}
process.exit(0);
