#!/usr/bin/env node
// The `sextant` command. Node cannot run the TypeScript sources itself, and starting tsx costs ~0.4 s, so the CLI is
// bundled once with esbuild (which ships with tsx) into node_modules/.cache and rebuilt when a source is newer.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import process from 'node:process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'server/cli.ts');
const outdir = join(root, 'node_modules/.cache/sextant');
const bundle = join(outdir, 'cli.mjs');

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

async function build() {
  const esbuild = await import('esbuild');
  mkdirSync(outdir, { recursive: true });
  await esbuild.build({
    entryPoints: { cli: entry },
    bundle: true,
    // --cluster's loader (and the Kubernetes client behind it) lands in its own chunk, loaded only when used.
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir,
    outExtension: { '.js': '.mjs' },
    // Bundled CommonJS (yaml) calls require(); give the ES module one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    external: ['@kubernetes/client-node', 'prom-client', '@opentelemetry/api'],
    logLevel: 'silent',
  });
}

let runnable = existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource();
if (!runnable) {
  try {
    await build();
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
