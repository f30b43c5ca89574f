// Starts the mesh in a box as users do (`npm run mesh`), as its own process.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMeshChild, type MeshChild } from '../../src/run-mesh.js';

export interface MeshProcess extends Omit<MeshChild, 'stop'> {
  /** SIGTERM; resolves with the exit code (0 for a clean stop). */
  stop(): Promise<number | null>;
}

export async function startMeshProcess(args: string[] = []): Promise<MeshProcess> {
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'mesh-in-a-box-')), 'kubeconfig');
  const mesh = await startMeshChild({ kubeconfig, args });
  return {
    ...mesh,
    stop: async () => {
      await mesh.stop();
      return mesh.child.exitCode;
    },
  };
}
