import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MESH_ENV, MESH_NODE_FLAGS } from '../../src/run-mesh.js';

const scripts = (
  JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

describe("the mesh's launch", () => {
  it("is the same from the package's `mesh` script as from startMeshChild (the demo, the tests and the bench)", () => {
    const words = scripts['mesh']!.split(/\s+/);
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
  });
});
