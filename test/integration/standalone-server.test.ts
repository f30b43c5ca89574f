// The console as its image runs it (Dockerfile's runtime stage): Next's standalone output with only the modules it
// traced, assembled in a folder outside the repository, started as `node server.js` against the shared mesh in a box
// and its Prometheus. It must answer its probes, a page, its static files and an API, and write nothing in its own
// folder but .next/cache: the Deployment gives it a read-only root filesystem with only that and /tmp writable.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { healthzResponse } from '../../lib/api/healthz.js';
import { namespacesResponse } from '../../lib/api/namespaces.js';
import { readyzResponse } from '../../lib/api/readyz.js';
import { buildConsoleIfStale, type ConsoleProcess } from '../../scripts/console-process.js';
import { assembleStandalone, startStandalone } from '../../scripts/standalone.js';
import { freePort } from '@sextant/mesh-in-a-box';

const ROOT = resolve(import.meta.dirname, '../..');
const mesh = inject('mesh');
let dir = '';
let server: ConsoleProcess | undefined;
let before = new Map<string, string>();

/** Every file and folder under `top` but .next/cache, with what would show it changed. */
function listing(top: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      const name = relative(top, full);
      if (name === join('.next', 'cache')) continue;
      const stat = statSync(full);
      files.set(name, entry.isDirectory() ? 'dir' : `${stat.size} ${stat.mtimeMs}`);
      if (entry.isDirectory()) walk(full);
    }
  };
  walk(top);
  return files;
}

beforeAll(async () => {
  await buildConsoleIfStale(ROOT, 'quiet');
  dir = assembleStandalone(ROOT, join(mkdtempSync(join(tmpdir(), 'sextant-standalone-')), 'app'));
  before = listing(dir);
  server = await startStandalone({
    dir,
    port: await freePort(),
    env: {
      KUBECONFIG: mesh.kubeconfig,
      PROMETHEUS_URL: inject('prometheus').url,
      JAEGER_URL: mesh.endpoints['jaeger'],
      // As deploy/base/deployment.yaml sets it.
      NODE_OPTIONS: '--max-old-space-size=512',
    },
  });
}, 600_000);

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(resolve(dir, '..'), { recursive: true, force: true });
});

describe('the standalone server, as the image runs it', () => {
  it('is assembled outside the repository, where no node_modules above it could supply a missing module', () => {
    expect(relative(ROOT, dir).startsWith('..')).toBe(true);
    expect(existsSync(join(dir, 'node_modules/next'))).toBe(true);
    for (let up = resolve(dir, '..'); up !== resolve(up, '..'); up = resolve(up, '..'))
      expect(existsSync(join(up, 'node_modules')), `${up}/node_modules`).toBe(false);
    // Neither the mesh in a box nor the dev tools were traced into it.
    expect(existsSync(join(dir, 'node_modules/@sextant'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules/vitest'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules/sharp'))).toBe(false);
  });

  it('answers /healthz, then /readyz 200 once its watch caches have listed the cluster', async () => {
    const health = await fetch(`${server!.url}/healthz`);
    expect(health.status).toBe(200);
    expect(healthzResponse.parse(await health.json()).prometheus).toBe(true);
    let ready = await fetch(`${server!.url}/readyz`);
    for (const until = Date.now() + 60_000; ready.status !== 200 && Date.now() < until;) {
      await new Promise((r) => setTimeout(r, 250));
      ready = await fetch(`${server!.url}/readyz`);
    }
    expect(ready.status).toBe(200);
    expect(readyzResponse.parse(await ready.json()).status).toBe('ready');
  });

  it('serves the overview page and the scripts it loads from .next/static', async () => {
    const page = await fetch(`${server!.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script, 'a /_next/static script in the page').toBeDefined();
    const asset = await fetch(`${server!.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${server!.url}/favicon.ico`)).status).toBe(200); // public/
  });

  it("answers the API from the cluster: /api/namespaces lists the mesh's demo namespace", async () => {
    const res = await fetch(`${server!.url}/api/namespaces?window=5m`);
    expect(res.status).toBe(200);
    const names = namespacesResponse.parse(await res.json()).map((n) => n.name);
    expect(names).toContain('demo');
  });

  it('has written nothing in its own folder but .next/cache', () => {
    const after = listing(dir);
    const changed = [...after].filter(([name, state]) => before.get(name) !== state).map(([name]) => name);
    const removed = [...before.keys()].filter((name) => !after.has(name));
    expect({ changed, removed }).toEqual({ changed: [], removed: [] });
  });
});
