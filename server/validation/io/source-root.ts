// Where SARIF paths are relative to: the repository the command runs in. Code scanning resolves a result's path
// against the root of the checkout, so a path relative to the working directory (or one climbing out with ../)
// would point at the wrong file or none.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SarifPlace } from '../report.js';

/** The git root of `cwd` (a `.git` folder, or the `.git` file of a worktree), else `cwd` itself. */
export function sourceRoot(cwd: string): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return resolve(cwd);
  }
}

/** SARIF locations for files named relative to `cwd`: relative to `root` inside it, absolute file: URIs outside. */
export function sarifPlaces(
  cwd: string,
  root = sourceRoot(cwd),
): { srcRoot: string; place: (file: string) => SarifPlace } {
  const srcRoot = pathToFileURL(root).href.replace(/\/?$/, '/');
  return {
    srcRoot,
    place: (file) => {
      if (file === '<stdin>') return { uri: file, underRoot: false };
      const abs = resolve(cwd, file);
      const rel = relative(root, abs);
      if (rel === '' || rel.startsWith('..') || isAbsolute(rel))
        return { uri: pathToFileURL(abs).href, underRoot: false };
      return { uri: rel.split(sep).join('/'), underRoot: true };
    },
  };
}
