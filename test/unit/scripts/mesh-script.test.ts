import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MESH_ENV, MESH_NODE_FLAGS } from '@sextant/mesh-in-a-box';
import { describe, expect, it } from 'vitest';

const scriptsOf = (path: string) =>
  (JSON.parse(readFileSync(path, 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('`npm run mesh` at the root', () => {
  it("starts the package's mesh with the same flags and environment as its own script and startMeshChild", () => {
    const root = join(import.meta.dirname, '../../..');
    const words = scriptsOf(join(root, 'package.json'))['mesh']!.split(/\s+/);
    const node = words.indexOf('node');
    const env = Object.fromEntries(
      words
        .slice(0, node)
        .filter((word) => word.includes('='))
        .map((pair) => pair.split('=') as [string, string]),
    );
    // npm signals its shell only: `exec` makes node that process, so Ctrl-C or SIGTERM to `npm run mesh` stops it.
    expect(words[0]).toBe('exec');
    const flags = words.slice(node + 1).filter((word) => word.startsWith('--') && word !== '--import');
    expect(env).toEqual(MESH_ENV);
    expect(flags).toEqual(MESH_NODE_FLAGS);
    expect(words.at(-1)).toBe('packages/mesh-in-a-box/src/main.ts');
    const own = scriptsOf(join(root, 'packages/mesh-in-a-box/package.json'))['mesh']!;
    expect(own.replace(' src/main.ts', ' packages/mesh-in-a-box/src/main.ts')).toBe(words.join(' '));
  });
});
