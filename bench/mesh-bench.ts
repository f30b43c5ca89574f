// One size of the mesh in a box, measured in its own process so peak memory is its own. Prints one JSON line.
import { parseArgs } from 'node:util';
import { startMeshInBox } from '../server/demo/mesh-in-a-box.js';

const { values } = parseArgs({
  options: { workloads: { type: 'string' }, namespaces: { type: 'string' }, ticks: { type: 'string' } },
});
const workloads = Number(values.workloads ?? 1000);
const namespaces = Number(values.namespaces ?? Math.max(1, Math.round(workloads / 100)));
const ticks = Number(values.ticks ?? 30);

const startMs = performance.now();
const mesh = await startMeshInBox({ scenario: 'synthetic', workloads, namespaces, seed: 1, tickMs: 3_600_000 });
const startupMs = performance.now() - startMs;

// Simulated seconds, as fast as the model can go: each tick covers one second of mesh time.
const base = Date.now();
const tickMs: number[] = [];
for (let i = 1; i <= ticks; i++) {
  const t0 = performance.now();
  mesh.traffic.tick(base + i * 1000);
  tickMs.push(performance.now() - t0);
}
const steady = tickMs.slice(5).sort((a, b) => a - b);
const meanTickMs = steady.reduce((a, b) => a + b, 0) / steady.length;

const scrapes: { ms: number; bytes: number }[] = [];
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const res = await fetch(mesh.endpoints.metrics);
  const text = await res.text();
  scrapes.push({ ms: performance.now() - t0, bytes: Buffer.byteLength(text) });
}
const lists: number[] = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const res = await fetch(`${mesh.endpoints.kubernetes}/api/v1/pods`);
  const body = (await res.json()) as { items: unknown[] };
  lists.push(performance.now() - t0);
  if (i === 0 && body.items.length < workloads)
    throw new Error(`expected ${workloads} pods, listed ${body.items.length}`);
}
const pods = (
  (await (await fetch(`${mesh.endpoints.kubernetes}/api/v1/pods?limit=1`)).json()) as {
    metadata: { remainingItemCount?: number };
  }
).metadata.remainingItemCount;

console.log(
  JSON.stringify({
    workloads,
    namespaces,
    startupMs: Math.round(startupMs),
    hopsPerSecond: Math.round(mesh.traffic.hopsEmitted / ticks),
    meanTickMs: +meanTickMs.toFixed(1),
    p95TickMs: +steady[Math.floor(steady.length * 0.95)]!.toFixed(1),
    ticksPerSecond: +(1000 / meanTickMs).toFixed(1),
    series: mesh.metrics.seriesCount,
    scrapeMs: Math.round(Math.min(...scrapes.map((s) => s.ms))),
    scrapeMB: +(scrapes[0]!.bytes / 1e6).toFixed(1),
    podListMs: Math.round(lists.sort((a, b) => a - b)[2]!),
    pods: (pods ?? 0) + 1,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
await mesh.stop();
process.exit(0);
