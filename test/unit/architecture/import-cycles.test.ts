// The console's modules import one another in one direction: no file reaches itself through its imports, type-only
// imports included (a type-only cycle still ties two files together: neither can move or be read alone).
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleImportGraph, importCycles, ROOT } from './import-graph.js';

describe('the import graph of the console', () => {
  const graph = consoleImportGraph();

  it('reads the imports of every file, relative and @/ ones alike', () => {
    const http = graph.get(join(ROOT, 'server/http.ts'))!.map((f) => relative(ROOT, f));
    expect(http).toContain('lib/api/errors.ts'); // a type-only import
    const page = graph.get(join(ROOT, 'app/graph/page.tsx'))!.map((f) => relative(ROOT, f));
    expect(page.some((f) => f.startsWith('components/graph/'))).toBe(true); // an @/ import
  });

  it('finds a cycle, type-only or not, and names its files in order', () => {
    const a = join(ROOT, 'a.ts');
    const b = join(ROOT, 'b.ts');
    const c = join(ROOT, 'c.ts');
    const cycles = importCycles(
      new Map([
        [a, [b]],
        [b, [c]],
        [c, [a]],
      ]),
    );
    expect(cycles.map((cycle) => cycle.map((f) => relative(ROOT, f)))).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });

  it('has no cycles: no file reaches itself through its imports', () => {
    const cycles = importCycles(graph).map((cycle) => cycle.map((f) => relative(ROOT, f)).join(' -> '));
    expect(cycles, 'import cycles (move the shared part to a module both import)').toEqual([]);
  });
});
