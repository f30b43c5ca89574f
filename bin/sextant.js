#!/usr/bin/env node
// The `sextant` command. Node cannot run the TypeScript sources itself, and starting tsx costs ~0.4 s, so the CLI is
// bundled with esbuild (which ships with tsx) into node_modules/.cache/sextant, and rebuilt when any file the last
// bundle was built from has changed: esbuild's metafile lists every input it read (server/cli.ts and all it imports,
// lib/ included, and the bundled dependencies), so nothing the bundle depends on can be edited without a rebuild.
// The check stats those files (a few hundred, ~2 ms) and reads none of them: any change of mtime, to a newer or an
// older one (a checkout, a copy that keeps times), rebuilds.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import process from 'node:process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'server/cli.ts');
const cache = join(root, 'node_modules/.cache/sextant');
// What shapes the bundle besides the files esbuild reads: these build options, the TypeScript settings, and the
// installed dependencies. npm extracts packages with a fixed old mtime, so their files' mtimes say nothing of an
// install; package-lock.json, and node_modules/.package-lock.json that npm rewrites on every install, do.
const BUILD_FILES = [
  'bin/sextant.js',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'node_modules/.package-lock.json',
];
const MANIFEST = 'inputs.json';
// A build another process may still be loading a chunk from (--cluster's loader is imported lazily) is kept this long.
const KEEP_OLD_BUILDS_MS = 60_000;

const builtAtOf = (name) => Number.parseInt(name.slice(2).split('-')[0], 36);

/** The newest finished build folder ("b-<build start, base 36>-<pid>"), if any. */
function latestBuild() {
  const names = existsSync(cache) ? readdirSync(cache) : [];
  const builds = names.filter((name) => /^b-[0-9a-z]+-\d+$/.test(name));
  builds.sort((a, b) => builtAtOf(b) - builtAtOf(a));
  return builds[0] && join(cache, builds[0]);
}

/** A build is fresh while each of its inputs still exists with the mtime it had when the build ended. */
function isFresh(dir) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8'));
  } catch {
    return false;
  }
  for (const [input, mtimeMs] of Object.entries(manifest.inputs)) {
    try {
      if (statSync(join(root, input)).mtimeMs !== mtimeMs) return false;
    } catch {
      return false; // deleted or renamed
    }
  }
  return existsSync(join(dir, 'cli.mjs'));
}

// Built under a temporary name and renamed into place, so that processes started together (CI, tests) never read a
// half-written bundle; two that build at once each get their own folder.
async function build() {
  const esbuild = await import('esbuild');
  const builtAtMs = Date.now();
  const outdir = join(cache, `b-${builtAtMs.toString(36)}-${process.pid}`);
  const tmp = `${outdir}.tmp`;
  mkdirSync(tmp, { recursive: true });
  const result = await esbuild.build({
    entryPoints: { cli: entry },
    absWorkingDir: root, // metafile paths relative to the repository
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
    metafile: true,
    logLevel: 'silent',
  });
  const finishedAtMs = Date.now();
  const inputs = {};
  for (const input of [...Object.keys(result.metafile.inputs), ...BUILD_FILES]) {
    try {
      const { mtimeMs } = statSync(join(root, input));
      // Changed while esbuild was reading: the bundle may hold the old text, so the next run builds again.
      inputs[input] = mtimeMs >= builtAtMs && mtimeMs <= finishedAtMs ? -1 : mtimeMs;
    } catch {
      // not a file (an esbuild namespace such as "<define:…>") or an optional build file that is absent
    }
  }
  writeFileSync(join(tmp, MANIFEST), JSON.stringify({ builtAtMs, inputs }));
  renameSync(tmp, outdir);
  removeOldBuilds(outdir, builtAtMs);
  return outdir;
}

/** Older builds (and the "v-" folders of the previous scheme, and abandoned temporaries) go once nobody can be loading them. */
function removeOldBuilds(kept, builtAtMs) {
  for (const name of readdirSync(cache)) {
    const dir = join(cache, name);
    if (dir === kept) continue;
    const startedMs = name.startsWith('b-') ? builtAtOf(name) : 0;
    if (startedMs < builtAtMs - KEEP_OLD_BUILDS_MS) rmSync(dir, { recursive: true, force: true });
  }
}

let outdir = latestBuild();
let runnable = outdir !== undefined && isFresh(outdir);
if (!runnable) {
  try {
    outdir = await build();
    runnable = true;
  } catch {
    runnable = false; // no esbuild: run the sources through tsx below
  }
}
const bundle = runnable ? join(outdir, 'cli.mjs') : undefined;
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
