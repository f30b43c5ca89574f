// `npx sextant` runs an esbuild bundle of server/cli.ts kept in node_modules/.cache/sextant (bin/sextant.js). The
// bundle must never be older than what it was built from: any file esbuild read for it (its metafile's inputs, far
// more than server/validation), the build settings, or the installed dependencies.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/sextant.js');
const cache = join(root, 'node_modules/.cache/sextant');
// What npm installs from; the packages' own files keep the tarballs' fixed mtimes.
const LOCKFILE = join(root, 'package-lock.json');

/** The bundle folders in the cache after one `sextant --version`, which must print the version. */
function runAndListBuilds(): string[] {
  const r = spawnSync(process.execPath, [bin, '--version'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).toBe('');
  expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  return readdirSync(cache).filter((name) => !name.endsWith('.tmp'));
}

/** Sets a file's mtime to now, as an edit would, for the length of `during`, then puts its times back. */
function touched(file: string, during: () => void): void {
  const { atime, mtime } = statSync(file);
  utimesSync(file, new Date(), new Date());
  try {
    during();
  } finally {
    utimesSync(file, atime, mtime);
  }
}

const added = (before: string[], after: string[]) => after.filter((name) => !before.includes(name));

/** A file of lib/ the bundle was built from (read from its input list), outside the paths the old check watched. */
function bundledLibFile(builds: string[]): string {
  const newest = builds.map((b) => join(cache, b)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]!;
  const { inputs } = JSON.parse(readFileSync(join(newest, 'inputs.json'), 'utf8')) as {
    inputs: Record<string, number>;
  };
  const lib = Object.keys(inputs).find((path) => path.startsWith('lib/'));
  expect(lib, 'the CLI bundles something of lib/').toBeDefined();
  return join(root, lib!);
}

describe('the sextant bundle', () => {
  it('is reused while nothing it was built from has changed', () => {
    const first = runAndListBuilds();
    expect(runAndListBuilds()).toEqual(first);
  });

  it('is rebuilt after an edit to a bundled file outside server/validation', () => {
    const before = runAndListBuilds();
    touched(bundledLibFile(before), () => {
      const after = runAndListBuilds();
      expect(added(before, after)).toHaveLength(1);
      expect(runAndListBuilds()).toEqual(after); // and reused from then on
    });
  });

  it('is rebuilt after a change to the dependencies (package-lock.json)', () => {
    const before = runAndListBuilds();
    touched(LOCKFILE, () => {
      expect(added(before, runAndListBuilds())).toHaveLength(1);
    });
  });
});
