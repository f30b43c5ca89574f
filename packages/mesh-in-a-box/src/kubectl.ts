// The real kubectl on PATH against the kubeconfig the mesh wrote: how tests (of the mesh, and of a console beside it)
// change the cluster as a user would.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs the real kubectl on PATH against a kubeconfig; resolves with stdout, rejects with stderr in the message. */
export async function kubectl(kubeconfig: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('kubectl', ['--kubeconfig', kubeconfig, ...args], { timeout: 30_000 });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`kubectl ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
}
