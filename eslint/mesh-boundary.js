// The one boundary between the two products: the mesh in a box (packages/mesh-in-a-box) imports nothing of the
// console, and the console reaches the mesh only through its public entry, '@sextant/mesh-in-a-box', and only from
// the code that starts it (tests, benches, the demo launcher in scripts/). Paths are resolved against the importing
// file, so `../../server/x.js` is caught however deep the file sits, and through symlinks (node_modules/@sextant/
// mesh-in-a-box is one) to where they point. Every way a file names another counts, not only `import`: require,
// `import x = require()`, `typeof import()`, vi.mock and its kin, `new URL(…, import.meta.url)`, import.meta.resolve.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

// Real, so that a checkout reached through a symlink still finds its files under ROOT.
const ROOT = realpathSync(resolve(import.meta.dirname, '..'));
const PACKAGE_DIR = 'packages/mesh-in-a-box';
const PACKAGE_NAME = '@sextant/mesh-in-a-box';
// Where starting the mesh is the point; everything else is the console, which must never depend on it.
const MAY_START_THE_MESH = [/^test\//, /^bench\//, /^scripts\//];
// The root's tool configs that run both products' tests (vitest.config.ts lists the package's test projects).
const ROOT_CONFIG = /^[^/]+\.config\.ts$/;

// The path as the file system will open it: symlinks followed on the longest part of it that exists.
function realPath(absolute) {
  if (existsSync(absolute)) return realpathSync(absolute);
  const parent = dirname(absolute);
  return parent === absolute ? absolute : join(realPath(parent), basename(absolute));
}
// What the package may import by name: its own dependencies. Anything else resolves only through the console's
// hoisted node_modules, so the package would lean on the console's package.json without saying so.
const manifest = JSON.parse(readFileSync(join(ROOT, PACKAGE_DIR, 'package.json'), 'utf8'));
const PACKAGE_DEPENDENCIES = new Set([
  PACKAGE_NAME,
  ...Object.keys(manifest.dependencies ?? {}),
  ...Object.keys(manifest.devDependencies ?? {}),
]);
/** The package a bare specifier names ('@scope/name/sub' → '@scope/name', 'name/sub' → 'name'). */
const packageOf = (spec) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

const repoPath = (absolute) => relative(ROOT, realPath(absolute)).split(sep).join('/');
const insidePackage = (path) => path === PACKAGE_DIR || path.startsWith(`${PACKAGE_DIR}/`);

/** What is wrong with importing `spec` from the file at `from` (both repo-relative), or undefined. */
export function boundaryProblem(from, spec) {
  const relativeSpec = spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../');
  // '@/x' is the console's tsconfig alias for the repository's root.
  const absolute = relativeSpec
    ? resolve(ROOT, dirname(from), spec)
    : isAbsolute(spec)
      ? spec
      : spec.startsWith('@/')
        ? resolve(ROOT, spec.slice(2))
        : undefined;
  const target = absolute === undefined ? undefined : repoPath(absolute);
  if (insidePackage(from)) {
    if (spec.startsWith('@/') || spec === 'sextant' || spec.startsWith('sextant/'))
      return `the mesh in a box imports nothing of the console ("${spec}"): it is a product of its own`;
    if (target !== undefined && !insidePackage(target))
      return `the mesh in a box imports nothing outside ${PACKAGE_DIR} ("${spec}" is ${target}): copy the fact, not the code`;
    if (target === undefined && !isBuiltin(spec) && !PACKAGE_DEPENDENCIES.has(packageOf(spec)))
      return `"${packageOf(spec)}" is not a dependency of the mesh in a box: add it to ${PACKAGE_DIR}/package.json`;
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

// A string the linter can read: a literal or a template without expressions.
function staticString(node) {
  if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  return undefined;
}

// vitest's calls that load or replace a module by its path (vi.mock is hoisted above the imports).
const VI_MODULE_CALLS = new Set(['mock', 'doMock', 'unmock', 'doUnmock', 'importActual', 'importMock']);
const isImportMeta = (node) =>
  node?.type === 'MetaProperty' && node.meta.name === 'import' && node.property.name === 'meta';
const isMember = (node, object, property) =>
  node?.type === 'MemberExpression' && !node.computed && node.property.name === property && object(node.object);

/** The module or file a call or `new` expression names, if it names one. */
function calledSpec(node) {
  const { callee } = node;
  const first = node.arguments[0];
  if (node.type === 'NewExpression') {
    const fromThisFile = isMember(node.arguments[1], isImportMeta, 'url');
    return callee.type === 'Identifier' && callee.name === 'URL' && fromThisFile ? first : undefined;
  }
  if (callee.type === 'Identifier' && callee.name === 'require') return first;
  if (isMember(callee, (o) => o.type === 'Identifier' && o.name === 'require', 'resolve')) return first;
  if (isMember(callee, isImportMeta, 'resolve')) return first;
  const onVi =
    callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && /^vi(test)?$/.test(callee.object.name);
  return onVi && !callee.computed && VI_MODULE_CALLS.has(callee.property.name) ? first : undefined;
}

export const meshBoundary = {
  meta: { type: 'problem', schema: [], docs: { description: 'holds the boundary around the mesh in a box' } },
  create(context) {
    const from = repoPath(context.filename);
    const check = (source) => {
      const spec = staticString(source);
      if (spec === undefined) return;
      const problem = boundaryProblem(from, spec);
      if (problem) context.report({ node: source, message: problem });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' && check(node.moduleReference.expression),
      // `typeof import('x')`: typescript-eslint 8 names the string `source`; before, a literal type in `argument`.
      TSImportType: (node) => check('source' in node ? node.source : node.argument?.literal),
      CallExpression: (node) => check(calledSpec(node)),
      NewExpression: (node) => check(calledSpec(node)),
    };
  },
};
