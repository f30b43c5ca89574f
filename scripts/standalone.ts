// The console as its image runs it, without Docker: the runtime stage's files (Dockerfile) assembled in a folder, and
// `node server.js` started there with a container's environment. The integration test and the bench use both.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stopChild } from '@sextant/mesh-in-a-box';
import { untilServing, type ConsoleProcess } from './console-process.js';

/**
 * Copies what the Dockerfile's runtime stage copies from a built root (`next build` with `output: 'standalone'`) into
 * `dir`: .next/standalone as the app, .next/static and public/ beside it, and an empty .next/cache, the one folder of
 * the app the server may write. Put `dir` outside the repository, so that the server cannot resolve a module from the
 * repository's node_modules that the standalone output lacks.
 */
export function assembleStandalone(root: string, dir: string): string {
  const standalone = join(root, '.next/standalone');
  if (!existsSync(join(standalone, 'server.js')))
    throw new Error(`${standalone}/server.js is missing: build with \`output: 'standalone'\` (next.config.js) first`);
  mkdirSync(dir, { recursive: true });
  cpSync(standalone, dir, { recursive: true });
  cpSync(join(root, '.next/static'), join(dir, '.next/static'), { recursive: true });
  cpSync(join(root, 'public'), join(dir, 'public'), { recursive: true });
  mkdirSync(join(dir, '.next/cache'), { recursive: true });
  return dir;
}

/** Bytes of every file under `path` (what an image layer of that folder holds, before compression). */
export function folderBytes(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + folderBytes(join(path, name)), 0);
}

/**
 * `node server.js` in an assembled folder, with the environment the image and the Deployment give it and nothing of
 * this process' (no NODE_PATH, no NODE_OPTIONS of a test runner) besides PATH; resolves once it answers HTTP.
 */
export async function startStandalone(options: {
  dir: string;
  port: number;
  /** The console's settings: KUBECONFIG, PROMETHEUS_URL, JAEGER_URL, NODE_OPTIONS, SEXTANT_… */
  env: Readonly<Record<string, string | undefined>>;
}): Promise<ConsoleProcess> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    // As the Dockerfile sets them, but on the loopback interface: this runs beside other tests on the host.
    NODE_ENV: 'production',
    HOSTNAME: '127.0.0.1',
    PORT: String(options.port),
    NEXT_TELEMETRY_DISABLED: '1',
  };
  for (const [name, value] of Object.entries(options.env)) if (value) env[name] = value;
  const child = spawn(process.execPath, ['server.js'], { cwd: options.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = `http://127.0.0.1:${options.port}`;
  await untilServing(child, url);
  return { url, child, stop: () => stopChild(child) };
}
