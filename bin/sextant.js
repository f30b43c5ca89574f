#!/usr/bin/env node
// The `sextant` command. Node cannot run the TypeScript sources itself, and starting tsx costs ~0.4 s, so the CLI is
// bundled once with esbuild (which ships with tsx) into node_modules/.cache and rebuilt when a source is newer.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import process from 'node:process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'server/cli.ts');
const cache = join(root, 'node_modules/.cache/sextant');

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (name.endsWith('.ts') && st.mtimeMs > newest) newest = st.mtimeMs;
    }
  };
  walk(join(root, 'server/validation'));
  for (const f of ['server/cli.ts', 'server/sources/kubernetes.ts'])
    newest = Math.max(newest, statSync(join(root, f)).mtimeMs);
  return newest;
}

// One folder per version of the sources, built under a temporary name and renamed into place, so that processes
// started together (CI, tests) never read a half-written bundle.
async function build(outdir) {
  const esbuild = await import('esbuild');
  const tmp = `${outdir}.tmp-${process.pid}`;
  mkdirSync(tmp, { recursive: true });
  await esbuild.build({
    entryPoints: { cli: entry },
    bundle: true,
    // --cluster's loader (and the Kubernetes client behind it) lands in its own chunk, loaded only when used.
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    // Bundled CommonJS (yaml) calls require(); give the ES module one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    external: ['@kubernetes/client-node', 'prom-client', '@opentelemetry/api'],
    logLevel: 'silent',
  });
  try {
    renameSync(tmp, outdir);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another process got there first
  }
}

const version = Math.floor(newestSource()).toString(36);
const outdir = join(cache, `v-${version}`);
const bundle = join(outdir, 'cli.mjs');
let runnable = existsSync(bundle);
if (!runnable) {
  try {
    // Bundles of older sources go; other processes' builds of this version stay.
    for (const old of existsSync(cache) ? readdirSync(cache) : [])
      if (!old.startsWith(`v-${version}`)) rmSync(join(cache, old), { recursive: true, force: true });
    await build(outdir);
    runnable = true;
  } catch {
    runnable = false; // no esbuild: run the sources through tsx below
  }
}
if (runnable) {
  const { main } = await import(pathToFileURL(bundle).href);
  await main();
} else {
  const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
  const r = spawnSync(
    process.execPath,
    [
      tsx,
      '-e',
      `import(${JSON.stringify(pathToFileURL(entry).href)}).then((m) => m.main())`,
      '--',
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit' },
  );
  process.exitCode = r.status ?? 2;
}
