// The boundary between the console and the mesh in a box, as `npm run lint` holds it: each case is linted as if it
// were a file at that path, with the project's own ESLint config.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: ROOT });

async function boundaryErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath: join(ROOT, path) });
  return result!.messages.filter((m) => m.ruleId === 'sextant/mesh-boundary').map((m) => m.message);
}

describe('the mesh in a box boundary', () => {
  it('refuses any import of the console from inside the package, however it is written', async () => {
    const file = 'packages/mesh-in-a-box/src/kube/new-file.ts';
    expect(await boundaryErrors(file, "import { x } from '../../../../server/graph/build-graph.js';")).toEqual([
      expect.stringMatching(/imports nothing outside packages\/mesh-in-a-box/),
    ]);
    expect(await boundaryErrors(file, "import { y } from '@/lib/format';")).toHaveLength(1);
    expect(await boundaryErrors(file, "export * from '../../../../lib/format.js';")).toHaveLength(1);
    expect(await boundaryErrors(file, "const m = await import('../../../../lib/format.js');")).toHaveLength(1);
  });

  it('refuses the console from inside the package however the file names it: require, mocks, URLs, types', async () => {
    const file = 'packages/mesh-in-a-box/test/unit/kube/new.test.ts';
    const server = '../../../../../server/graph/build-graph.js';
    for (const code of [
      `const m = require('${server}');`,
      `import m = require('${server}');`,
      `type M = typeof import('${server}');`,
      `const m = await import(\`${server}\`);`,
      `vi.mock('${server}');`,
      `const m = await vi.importActual('${server}');`,
      `const url = new URL('${server}', import.meta.url);`,
      "import { x } from '/server/graph/build-graph.js';",
    ])
      expect(await boundaryErrors(file, code), code).toHaveLength(1);
  });

  it("refuses a package the mesh in a box does not declare, which only the console's node_modules would provide", async () => {
    const file = 'packages/mesh-in-a-box/src/kube/new-file.ts';
    expect(await boundaryErrors(file, "import { z } from 'next/server';")).toEqual([
      expect.stringMatching(/"next" is not a dependency of the mesh in a box/),
    ]);
    for (const declared of [
      "import { z } from 'zod';",
      "import { parse } from '@lezer/lr';",
      "import { x } from 'node:fs';",
    ])
      expect(await boundaryErrors(file, declared), declared).toEqual([]);
  });

  it('lets the package import its own files', async () => {
    const file = 'packages/mesh-in-a-box/test/unit/kube/new.test.ts';
    expect(await boundaryErrors(file, "import { x } from '../../../src/kube/api-error.js';")).toEqual([]);
  });

  it("refuses the package's files from outside it, even from tests: only its public entry", async () => {
    expect(
      await boundaryErrors(
        'test/integration/x.test.ts',
        "import { T } from '../../packages/mesh-in-a-box/src/store/tsdb.js';",
      ),
    ).toEqual([expect.stringMatching(/from its public entry '@sextant\/mesh-in-a-box'/)]);
    expect(await boundaryErrors('bench/x.ts', "import { T } from '@sextant/mesh-in-a-box/src/index.ts';")).toHaveLength(
      1,
    );
    for (const code of [
      "import { T } from '@/packages/mesh-in-a-box/src/store/tsdb';", // the console's root alias
      "import { T } from '../../node_modules/@sextant/mesh-in-a-box/src/store/tsdb.js';", // the workspace's symlink
      "vi.mock('../../packages/mesh-in-a-box/src/store/tsdb.js');",
      "const main = new URL('../../packages/mesh-in-a-box/src/main.ts', import.meta.url);",
    ])
      expect(await boundaryErrors('test/integration/x.test.ts', code), code).toHaveLength(1);
  });

  it('lets tests, benches and the demo launcher start the mesh through its entry, and nothing else of the console', async () => {
    const entry = "import { startMeshInBox } from '@sextant/mesh-in-a-box';";
    for (const file of ['test/e2e/x.test.ts', 'bench/x.ts', 'scripts/run-demo.ts'])
      expect(await boundaryErrors(file, entry)).toEqual([]);
    for (const file of ['server/graph/x.ts', 'app/api/x/route.ts', 'lib/x.ts', 'components/graph/x.tsx'])
      expect(await boundaryErrors(file, entry)).toEqual([expect.stringMatching(/never depends on the mesh in a box/)]);
    expect(await boundaryErrors('server/x.ts', "const mesh = require('@sextant/mesh-in-a-box');")).toHaveLength(1);
  });
});
