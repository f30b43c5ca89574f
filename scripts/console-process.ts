// Builds the console when its build is missing or older than its sources, and runs it (`next start`) as a child.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stopChild } from '@sextant/mesh-in-a-box';

// What goes into the build; the mesh in a box is a package of its own and never bundled.
const SOURCE_DIRS = ['app', 'components', 'lib', 'server', 'public'];
const SOURCE_FILES = [
  'next.config.js',
  'postcss.config.js',
  'package.json',
  'tsconfig.json',
  'proxy.ts',
  'instrumentation.ts',
  'instrumentation-client.ts',
];
const SKIPPED_DIRS = new Set(['node_modules', '.next']);

function newestMtimeMs(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isDirectory() && SKIPPED_DIRS.has(entry.name)) continue;
    newest = Math.max(newest, newestMtimeMs(join(path, entry.name)));
  }
  return newest;
}

const nextBin = (root: string) => join(root, 'node_modules/next/dist/bin/next');

/** 'missing' when there is no `.next` build, 'stale' when some source changed after it, else 'fresh'. */
export function buildState(root: string): 'missing' | 'stale' | 'fresh' {
  const buildId = join(root, '.next/BUILD_ID');
  if (!existsSync(buildId)) return 'missing';
  const builtAtMs = statSync(buildId).mtimeMs;
  const sourcesMs = Math.max(...[...SOURCE_DIRS, ...SOURCE_FILES].map((p) => newestMtimeMs(join(root, p))));
  return sourcesMs > builtAtMs ? 'stale' : 'fresh';
}

/** Runs `next build` when the build is missing or stale; its output goes to `log` (stderr by default), never stdout. */
export async function buildConsoleIfStale(root: string, log: 'stderr' | 'quiet' = 'stderr'): Promise<boolean> {
  if (buildState(root) === 'fresh') return false;
  await buildConsole(root, log);
  return true;
}

/** Runs `next build`; with 'quiet', its output is shown only inside the error when it fails. */
export async function buildConsole(root: string, log: 'stderr' | 'quiet' = 'stderr'): Promise<void> {
  let output = '';
  const child = spawn(process.execPath, [nextBin(root), 'build', '--webpack'], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', log === 'stderr' ? 2 : 'pipe', log === 'stderr' ? 2 : 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`next build failed with ${code}${output ? `:\n${output}` : ''}`);
}

/**
 * Resolves once the console in `child` answers HTTP at `url` (any answer: it is serving); rejects, with what it printed,
 * when it exits first or does not answer within 60 s. Its stderr is passed on to this process' own, but for the lines
 * `unshown` matches: the console's errors belong in the demo's and the tests' logs.
 */
export async function untilServing(child: ChildProcess, url: string, unshown?: RegExp): Promise<void> {
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-8000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', (d: Buffer) => {
    keep(d);
    const text = d.toString();
    const shown = unshown ? text.split(/(?<=\n)/).filter((line) => !unshown.test(line)) : [text];
    if (shown.length > 0) process.stderr.write(shown.join(''));
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the console exited with ${child.exitCode}:\n${output}`);
    try {
      await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`the console did not answer within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface ConsoleProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `next start` with the console's configuration in its environment; resolves once it answers HTTP. */
export async function startConsole(options: {
  root: string;
  port: number;
  host?: string;
  /** On top of this process' environment (which passes SEXTANT_AUTH_STRATEGY and the rest through). */
  env: { KUBECONFIG: string; PROMETHEUS_URL?: string; JAEGER_URL?: string; [name: string]: string | undefined };
}): Promise<ConsoleProcess> {
  const host = options.host ?? '127.0.0.1';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    PORT: String(options.port),
    NEXT_TELEMETRY_DISABLED: '1',
  };
  if (!options.env.PROMETHEUS_URL) delete env['PROMETHEUS_URL'];
  if (!options.env.JAEGER_URL) delete env['JAEGER_URL'];
  const child = spawn(process.execPath, [nextBin(options.root), 'start', '-p', String(options.port), '-H', host], {
    cwd: options.root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = `http://${host}:${options.port}`;
  // With `output: 'standalone'` (next.config.js, for the image) Next warns that `next start` "does not work" and to run
  // .next/standalone/server.js. It does work, from the repository: it serves .next/static and public/ where they are,
  // which server.js does only once they are copied beside it (scripts/standalone.ts). The demo's reader needs neither.
  await untilServing(child, url, /"next start" does not work with "output: standalone"/);
  // Asked once, as a cluster's readiness probe would: the first /readyz starts the console's background work (the
  // canary runner), so a restarted demo resumes the runs in the cluster before anyone opens a page.
  void fetch(`${url}/readyz`, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
  return { url, child, stop: () => stopChild(child) };
}
