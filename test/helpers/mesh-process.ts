// Starts the mesh in a box as users do (`npm run mesh`), as its own process, and reads its endpoint lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface MeshProcess {
  endpoints: Record<string, string>; // kubernetes, metrics, jaeger, truth, kubeconfig
  kubeconfig: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

const ROOT = resolve(import.meta.dirname, '../..');

export async function startMeshProcess(args: string[] = []): Promise<MeshProcess> {
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'sextant-mesh-')), 'kubeconfig');
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      join(ROOT, 'server/demo/main.ts'),
      '--kubeconfig',
      kubeconfig,
      ...args,
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const endpoints: Record<string, string> = {};
  await new Promise<void>((resolveReady, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the mesh in a box was not ready within 60 s:\n${out}\n${err}`)),
      60_000,
    );
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      for (const line of out.split('\n')) {
        const m = /^([a-z]+): (.+)$/.exec(line.trim());
        if (m) endpoints[m[1]!] = m[2]!;
        if (line.trim() === 'ready') {
          clearTimeout(timer);
          resolveReady();
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the mesh in a box exited with ${code}:\n${out}\n${err}`));
    });
  });
  return {
    endpoints,
    kubeconfig,
    child,
    output: () => out + err,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return new Promise((r) => child.once('exit', (code) => r(code)));
    },
  };
}
