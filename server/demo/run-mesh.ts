// Starts the mesh in a box as its own process through its CLI (`npm run mesh`), as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { readEndpointLines, stopChild } from './child-lines.js';

export interface MeshChild {
  /** kubernetes, metrics, jaeger, truth, kubeconfig, and prometheus once the mesh serves one itself */
  endpoints: Record<string, string>;
  kubeconfig: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * V8 flags of the mesh process (package.json's `mesh` script has the same). A 4 MB young generation (16 MB by default)
 * keeps a 5,000-workload mesh's resident memory about 50 MB lower at the price of more, shorter scavenges; the ticks
 * do not slow measurably. A journey's objects outlive a few scavenges, so they die in the old space between long-lived
 * ones: by default ~150 MB of its pages then stay committed but free at 5,000 workloads (330 MB live in 500 MB).
 * --optimize-for-size makes every full GC compact those pages (and the young generation smaller still): the old space
 * keeps ~40 MB free and the mesh's peak ~140 MB less. --compact-on-every-full-gc freed as much but evacuated the whole
 * old space at once, a transient peak of +300 MB.
 */
export const MESH_NODE_FLAGS = ['--max-semi-space-size=4', '--optimize-for-size'];

export async function startMeshChild(options: {
  root: string;
  kubeconfig: string;
  args?: string[];
}): Promise<MeshChild> {
  const child = spawn(
    process.execPath,
    [
      ...MESH_NODE_FLAGS,
      '--import',
      'tsx', // as a loader in this process: the tsx CLI would start another node without the flags
      join(options.root, 'server/demo/main.ts'),
      '--kubeconfig',
      options.kubeconfig,
      ...(options.args ?? []),
    ],
    { cwd: options.root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const endpoints = await readEndpointLines(child, 'the mesh in a box', 60_000).catch(async (err: unknown) => {
    await stopChild(child);
    throw err;
  });
  return { endpoints, kubeconfig: endpoints['kubeconfig'] ?? options.kubeconfig, child, stop: () => stopChild(child) };
}
