// Starts the mesh in a box as its own process through its CLI (`npm run mesh`), as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEndpointLines, stopChild } from './child-lines.js';

export interface MeshChild {
  /** kubernetes, metrics, jaeger, truth, kubeconfig, and prometheus once the mesh serves one itself */
  endpoints: Record<string, string>;
  kubeconfig: string;
  child: ChildProcess;
  /** SIGTERM (SIGKILL after 10 s); resolves with the exit code, 0 for a clean stop. */
  stop(): Promise<number | null>;
}

/**
 * V8 flags of the mesh process (package.json's `mesh` script has the same). A 4 MB young generation (16 MB by default)
 * keeps a 5,000-workload mesh's resident memory about 50 MB lower at the price of more, shorter scavenges; the ticks
 * do not slow measurably. Anything kept a second or more is promoted, so what the mesh keeps that long is kept as
 * columns of numbers (hop-slots.ts, access-log-ring.ts), not as objects that would die in the old space: those had
 * left ~150 MB of its pages committed but free. --optimize-for-size would compact such pages but slows everything the
 * process does by ~40 %, the built-in Prometheus included (the console's list p95 at 5,000 workloads went from 62 to
 * 298 ms), so it is not used.
 */
export const MESH_NODE_FLAGS = ['--max-semi-space-size=4'];

/**
 * Environment of the mesh process (package.json's `mesh` script sets the same). glibc's malloc raises its mmap
 * threshold to the size of the largest block freed, up to 32 MB, so once the first large typed array is freed every
 * later one up to that size is carved from the heap arena, whose holes are not given back to the system. The mesh
 * frees many (columns of hops and of TSDB codes as they grow, scrape buffers): at 5,000 workloads that held ~100 MB of
 * resident memory. A fixed threshold keeps blocks of 128 KB and more in their own mappings, returned when freed.
 * Other C libraries ignore the variable.
 */
export const MESH_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '131072' };

// main.ts beside this file, whoever starts it and from wherever.
const MAIN = join(import.meta.dirname, 'main.ts');

export async function startMeshChild(
  options: {
    /** Where it writes its kubeconfig; a new temporary folder by default. */
    kubeconfig?: string;
    args?: string[];
  } = {},
): Promise<MeshChild> {
  const kubeconfig = options.kubeconfig ?? join(mkdtempSync(join(tmpdir(), 'mesh-in-a-box-')), 'kubeconfig');
  const child = spawn(
    process.execPath,
    [
      ...MESH_NODE_FLAGS,
      '--import',
      'tsx', // as a loader in this process: the tsx CLI would start another node without the flags
      MAIN,
      '--kubeconfig',
      kubeconfig,
      ...(options.args ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...MESH_ENV } },
  );
  const endpoints = await readEndpointLines(child, 'the mesh in a box', 60_000).catch(async (err: unknown) => {
    await stopChild(child);
    throw err;
  });
  const stop = async () => {
    await stopChild(child);
    return child.exitCode;
  };
  return { endpoints, kubeconfig: endpoints['kubeconfig'] ?? kubeconfig, child, stop };
}
