// The one boundary between the two products: the mesh in a box (packages/mesh-in-a-box) imports nothing of the
// console, and the console reaches the mesh only through its public entry, '@sextant/mesh-in-a-box', and only from
// the code that starts it (tests, benches, the demo launcher in scripts/). Paths are resolved against the importing
// file, so `../../server/x.js` is caught however deep the file sits.
import { dirname, relative, resolve, sep } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const PACKAGE_DIR = 'packages/mesh-in-a-box';
const PACKAGE_NAME = '@sextant/mesh-in-a-box';
// Where starting the mesh is the point; everything else is the console, which must never depend on it.
const MAY_START_THE_MESH = [/^test\//, /^bench\//, /^scripts\//];
// The root's tool configs that run both products' tests (vitest.config.ts lists the package's test projects).
const ROOT_CONFIG = /^[^/]+\.config\.ts$/;

const repoPath = (absolute) => relative(ROOT, absolute).split(sep).join('/');
const insidePackage = (path) => path === PACKAGE_DIR || path.startsWith(`${PACKAGE_DIR}/`);

/** What is wrong with importing `spec` from the file at `from` (both repo-relative), or undefined. */
export function boundaryProblem(from, spec) {
  const relativeSpec = spec.startsWith('./') || spec.startsWith('../');
  const target = relativeSpec ? repoPath(resolve(ROOT, dirname(from), spec)) : undefined;
  if (insidePackage(from)) {
    if (spec.startsWith('@/') || spec === 'sextant' || spec.startsWith('sextant/'))
      return `the mesh in a box imports nothing of the console ("${spec}"): it is a product of its own`;
    if (target !== undefined && !insidePackage(target))
      return `the mesh in a box imports nothing outside ${PACKAGE_DIR} ("${spec}" is ${target}): copy the fact, not the code`;
    return undefined;
  }
  const viaPath = target !== undefined && insidePackage(target);
  const viaName = spec === PACKAGE_NAME || spec.startsWith(`${PACKAGE_NAME}/`);
  if (!viaPath && !viaName) return undefined;
  if (viaPath && !ROOT_CONFIG.test(from))
    return `import the mesh in a box from its public entry '${PACKAGE_NAME}', not from its files ("${spec}")`;
  if (spec.startsWith(`${PACKAGE_NAME}/`))
    return `import the mesh in a box from its public entry '${PACKAGE_NAME}', not "${spec}"`;
  if (!ROOT_CONFIG.test(from) && !MAY_START_THE_MESH.some((re) => re.test(from)))
    return `the console never depends on the mesh in a box; only tests, benches and scripts/ may start it ("${spec}")`;
  return undefined;
}

export const meshBoundary = {
  meta: { type: 'problem', schema: [], docs: { description: 'holds the boundary around the mesh in a box' } },
  create(context) {
    const from = repoPath(context.filename);
    const check = (node) => {
      const source = node.source;
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const problem = boundaryProblem(from, source.value);
      if (problem) context.report({ node: source, message: problem });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};
