// `npm run demo` as a new user runs it: what it prints, and that every URL it prints answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsoleIfStale } from '../../scripts/console-process.js';
import { freePort } from '@sextant/mesh-in-a-box';
import { kubectl } from '../helpers/kubectl.js';

const ROOT = resolve(import.meta.dirname, '../..');
let demo: ChildProcess;
let stdout = '';
let stderr = '';
const lines = () => stdout.trim().split('\n');
const url = (name: string) =>
  lines()
    .find((l) => l.startsWith(`${name}: `))!
    .slice(name.length + 2);

beforeAll(async () => {
  // The build is what the demo would print ~40 lines of; a fresh one is checked by the demo too.
  await buildConsoleIfStale(ROOT, 'quiet');
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'sextant-demo-test-')), 'kubeconfig');
  demo = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/run-demo.ts', '--port', String(await freePort()), '--kubeconfig', kubeconfig],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  demo.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((done, fail) => {
    demo.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (/^ready$/m.test(stdout)) done();
    });
    demo.once('exit', (code) => fail(new Error(`the demo exited with ${code}:\n${stdout}\n${stderr}`)));
  });
}, 900_000);

afterAll(async () => {
  if (!demo || demo.exitCode !== null) return;
  const exited = new Promise((done) => demo.once('exit', done));
  demo.kill('SIGTERM');
  await exited;
});

describe('npm run demo', () => {
  it('prints one line per endpoint, then ready, and nothing of the build', () => {
    expect(lines().map((l) => l.split(':')[0])).toEqual([
      'console',
      'kubeconfig',
      'kubernetes',
      'jaeger',
      'truth',
      'ingress',
      'prometheus',
      'ready',
    ]);
    expect(stderr).not.toMatch(/Route \(app\)|Compiled|Collecting page data|▲ Next\.js/);
  });

  it('prints URLs that answer: the console, Jaeger, the ground truth, the ingress gateway, Prometheus and the cluster', async () => {
    expect((await fetch(`${url('console')}/healthz`)).status).toBe(200);
    // Jaeger answers at once; which services it lists depends on the traces sampled so far (none in the first
    // moments after ready, as with a real Jaeger), so only the answer's shape is checked.
    const jaeger = await fetch(`${url('jaeger')}/api/services`);
    expect(jaeger.status).toBe(200);
    expect(((await jaeger.json()) as { data: unknown }).data).toBeInstanceOf(Array);
    const truth = (await (await fetch(`${url('truth')}/edges?window=60s`)).json()) as { windowSeconds: number };
    expect(truth.windowSeconds).toBe(60);
    // The gateway's front door answers as Envoy does, for the article's curl steps.
    const page = await fetch(`${url('ingress')}/`);
    expect([page.status, page.headers.get('server')]).toEqual([200, 'istio-envoy']);
    const build = (await (await fetch(`${url('prometheus')}/api/v1/status/buildinfo`)).json()) as { status: string };
    expect(build.status).toBe('success');
    expect(await kubectl(url('kubeconfig'), ['get', 'deployments', '-n', 'demo', '-o', 'name'])).toContain(
      'deployment.apps/sa-webapp',
    );
  });
});
