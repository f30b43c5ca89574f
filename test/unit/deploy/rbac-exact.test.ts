// deploy/rbac's roles hold exactly the Kubernetes calls the console's code makes (issue 22): nothing missing, nothing
// extra. The calls come from the code, not from a copy kept here: server/sources/kube-calls.ts declares each one
// (API group, resource with its subresource, verb, and the role that grants it), and the code cannot make any other,
// since the places that reach the API server refuse an undeclared call at run time (requireDeclared, tested in
// test/unit/server/sources/kube-calls.test.ts; every integration suite runs through it). This test checks, from the
// source with the TypeScript compiler's AST, that those places are the only ones: @kubernetes/client-node is used for
// its KubeConfig and one informer, never its API clients; every request to the API server is sent where the gate
// is; and each declared call is still made somewhere (a declaration no code needs would grant a right for nothing).
// Then it compares the declared calls with the rules of read-role.yaml, write-role.yaml, audit-role.yaml and
// impersonate-role.yaml, role by role. (istio-view-edit.yaml is for people, aggregated into view and edit, and
// test/integration/rbac-manifests.test.ts checks every role's effect on a live API server.)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { KUBE_CALLS, type ConsoleRole } from '../../../server/sources/kube-calls.js';

const ROOT = join(import.meta.dirname, '../../..');
const ROLE_FILES: Record<ConsoleRole, string> = {
  read: 'deploy/rbac/read-role.yaml',
  write: 'deploy/rbac/write-role.yaml',
  audit: 'deploy/rbac/audit-role.yaml',
  impersonate: 'deploy/rbac/impersonate-role.yaml',
};

const key = (group: string, resource: string, verb: string) => `${verb} ${group ? `${resource}.${group}` : resource}`;

function granted(role: ConsoleRole): Set<string> {
  const manifest = parseYaml(readFileSync(join(ROOT, ROLE_FILES[role]), 'utf8')) as {
    rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
  };
  const keys = new Set<string>();
  for (const rule of manifest.rules)
    for (const group of rule.apiGroups)
      for (const resource of rule.resources) for (const verb of rule.verbs) keys.add(key(group, resource, verb));
  return keys;
}

function declared(role: ConsoleRole): Set<string> {
  const keys = new Set<string>();
  for (const call of KUBE_CALLS.filter((c) => c.role === role))
    for (const resource of call.resources) for (const verb of call.verbs) keys.add(key(call.group, resource, verb));
  return keys;
}

/** The console's code: what `next build` bundles (the CLI's own files left out: it runs with a person's kubeconfig). */
function consoleSources(): { path: string; file: ts.SourceFile }[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name)) files.push(path);
    }
  };
  for (const dir of ['app', 'server', 'lib']) walk(join(ROOT, dir));
  return files
    .map((path) => relative(ROOT, path))
    .filter((path) => path !== 'server/cli.ts' && path !== 'server/validation/io/load-cluster.ts')
    .map((path) => ({
      path,
      file: ts.createSourceFile(path, readFileSync(join(ROOT, path), 'utf8'), ts.ScriptTarget.Latest, true),
    }));
}

const SOURCES = consoleSources();

function visit(node: ts.Node, each: (node: ts.Node) => void): void {
  each(node);
  node.forEachChild((child) => visit(child, each));
}

/** Calls of a function by name (`name(…)` or `x.name(…)`), with the file they are in. */
function callsOf(name: string): { path: string; call: ts.CallExpression }[] {
  const found: { path: string; call: ts.CallExpression }[] = [];
  for (const { path, file } of SOURCES)
    visit(file, (node) => {
      if (!ts.isCallExpression(node)) return;
      const callee = node.expression;
      const called = ts.isIdentifier(callee)
        ? callee.text
        : ts.isPropertyAccessExpression(callee)
          ? callee.name.text
          : '';
      if (called === name) found.push({ path, call: node });
    });
  return found;
}

/** Whether a function enclosing `node` calls the gate (kube-calls.ts requireDeclared, or kubernetes.ts `declared`). */
function gated(node: ts.Node): boolean {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (!ts.isFunctionLike(at)) continue;
    let calls = false;
    visit(at, (n) => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression))
        calls ||= n.expression.text === 'requireDeclared' || n.expression.text === 'declared';
    });
    if (calls) return true;
  }
  return false;
}

describe('the Kubernetes calls of the code', () => {
  it('use @kubernetes/client-node for its KubeConfig and informer only, never its API clients', () => {
    const imported = new Map<string, string[]>();
    for (const { path, file } of SOURCES)
      for (const statement of file.statements) {
        if (!ts.isImportDeclaration(statement)) continue;
        if ((statement.moduleSpecifier as ts.StringLiteral).text !== '@kubernetes/client-node') continue;
        const named = statement.importClause?.namedBindings;
        expect(named && ts.isNamedImports(named), `${path} imports client-node as a namespace`).toBe(true);
        for (const element of (named as ts.NamedImports).elements)
          if (!element.isTypeOnly && !statement.importClause!.isTypeOnly)
            imported.set(element.name.text, [...(imported.get(element.name.text) ?? []), path]);
      }
    expect(Object.fromEntries(imported)).toEqual({
      KubeConfig: ['server/sources/kube-configs.ts', 'server/sources/kubernetes.ts'],
      makeInformer: ['server/sources/kubernetes.ts'],
    });
  });

  it('reach the API server only through the gate: every informer and every HTTP call made with a KubeConfig', () => {
    for (const { path, call } of callsOf('makeInformer')) expect(gated(call), `makeInformer in ${path}`).toBe(true);
    // httpCall is the one HTTP client (server/sources/http-get.ts); the files that hold a KubeConfig send with it to
    // the API server, the others to Prometheus, Jaeger and Tempo.
    const holdsKubeConfig = new Set(
      SOURCES.filter(({ file }) => /\bKubeConfig\b/.test(file.text)).map(({ path }) => path),
    );
    const kubeCalls = callsOf('httpCall').filter(({ path }) => holdsKubeConfig.has(path));
    expect([...new Set(kubeCalls.map(({ path }) => path))].sort()).toEqual([
      'server/auth/io/kube-reviews.ts',
      'server/sources/kubernetes.ts',
    ]);
    for (const { path, call } of kubeCalls) expect(gated(call), `httpCall in ${path}`).toBe(true);
  });

  it('each declared call names the console code that makes it, which exists', () => {
    for (const call of KUBE_CALLS) {
      const named = call.why.match(/[\w-]+(?:\/[\w-]+)*\.ts/g) ?? [];
      expect(named.length, `the declaration of ${call.verbs} ${call.resources} names no file`).toBeGreaterThan(0);
      for (const file of named)
        expect(
          SOURCES.some(({ path }) => path.endsWith(`/${file}`)),
          `${file}, named by the declaration of ${call.verbs} ${call.resources}`,
        ).toBe(true);
    }
  });
});

describe("deploy/rbac's roles", () => {
  for (const role of Object.keys(ROLE_FILES) as ConsoleRole[])
    it(`${ROLE_FILES[role]} grants exactly the calls the code declares for the ${role} role`, () => {
      const grants = granted(role);
      const needs = declared(role);
      expect({
        missing: [...needs].filter((k) => !grants.has(k)).sort(),
        extra: [...grants].filter((k) => !needs.has(k)).sort(),
      }).toEqual({
        missing: [],
        extra: [],
      });
    });
});
