// Pure builders apart from the I/O: in server/graph, server/mesh and server/validation the loaders live in io/ and
// call the builders, never the other way round; a builder takes data and returns data, so it reaches neither a
// loader nor the process-wide sources and caches.
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleImportGraph, ROOT } from './import-graph.js';

const CORE = ['server/graph/', 'server/mesh/', 'server/validation/'];
const PROCESS_WIDE = new Set(['server/sources/sources.ts', 'server/caches.ts']);
const isLoader = (file: string) => file.split('/').includes('io');

describe('the console core', () => {
  const graph = consoleImportGraph();
  const core = [...graph.keys()]
    .map((f) => relative(ROOT, f))
    .filter((f) => CORE.some((c) => f.startsWith(c)) && !isLoader(f));

  it('keeps its loaders in io/ beside the builders', () => {
    expect(core).toContain('server/graph/build-graph.ts');
    // validation/load-yaml.ts parses text it is given: a builder despite its name.
    expect(core.filter((f) => /^server\/(graph|mesh)\/load-[^/]*\.ts$/.test(f))).toEqual([]);
    expect(graph.has(join(ROOT, 'server/graph/io/load-graph.ts'))).toBe(true);
  });

  it('builds without a loader: no pure file imports io/ or the process-wide sources and caches', () => {
    const reaching = core.flatMap((file) =>
      graph
        .get(join(ROOT, file))!
        .map((target) => relative(ROOT, target))
        .filter((target) => isLoader(target) || PROCESS_WIDE.has(target))
        .map((target) => `${file} -> ${target}`),
    );
    expect(reaching).toEqual([]);
  });
});
