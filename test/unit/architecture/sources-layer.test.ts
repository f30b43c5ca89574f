// The clients of outside systems (server/sources) stand below the views: what they watch and how they call is theirs
// or shared (lib/), never taken from a route's contract (lib/api), which the UI owns. Types of an answer are allowed:
// they vanish at build time and tie no behaviour to the UI.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SOURCES = resolve(import.meta.dirname, '../../../server/sources');

/** `file: specifier` of every import or re-export that brings values (not only types) from lib/api. */
function valueImportsOfContracts(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
    const specifier = statement.moduleSpecifier;
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.includes('lib/api/')) continue;
    const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
    const typeOnly = ts.isImportDeclaration(statement)
      ? clause?.isTypeOnly === true ||
        (clause !== undefined &&
          clause.name === undefined &&
          clause.namedBindings !== undefined &&
          ts.isNamedImports(clause.namedBindings) &&
          clause.namedBindings.elements.every((e) => e.isTypeOnly))
      : statement.isTypeOnly;
    if (!typeOnly) found.push(`server/sources/${file.slice(SOURCES.length + 1)}: ${specifier.text}`);
  }
  return found;
}

describe('the source clients', () => {
  it('take nothing but types from the routes’ contracts: the kinds to watch are their own', () => {
    const files = readdirSync(SOURCES).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('kubernetes.ts');
    expect(files.flatMap((f) => valueImportsOfContracts(join(SOURCES, f)))).toEqual([]);
  });
});
