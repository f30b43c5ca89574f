// Every route of the console as the file system declares it (app/**/route.ts): its URL pattern, the HTTP methods its
// file exports, its path parameters, and the query and body keys of the contracts it parses. Read from the sources,
// so that a new route, method or parameter reaches the tests that walk them (the fuzz) without editing them.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '../..');

export interface ApiRoute {
  /** The route's file, from the repository's root: app/api/graph/route.ts. */
  file: string;
  /** The URL with its parameters in brackets: /api/namespaces/[ns]/pods/[pod]. */
  pattern: string;
  methods: string[];
  pathParams: string[];
  /** The keys of the query contract(s) the route parses (parseSearch), here or in the server function it calls. */
  queryKeys: string[];
  /** The body contract it parses (parseBody): the zod schema and its keys. */
  body: { name: string; schema: { safeParse(value: unknown): { success: boolean } }; keys: string[] } | null;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** The files named route.ts under app/, sorted, relative to the repository. */
export function routeFiles(): string[] {
  return readdirSync(join(ROOT, 'app'), { recursive: true, encoding: 'utf8' })
    .filter((file) => basename(file) === 'route.ts')
    .map((file) => join('app', file))
    .sort();
}

/** A module's named imports, by name, resolved to the .ts file they come from. */
function importsOf(file: string, source: string): Map<string, string> {
  const imports = new Map<string, string>();
  for (const m of source.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'([^']+)'/g)) {
    if (!m[2]!.startsWith('.')) continue;
    const target = resolve(dirname(file), m[2]!.replace(/\.js$/, '.ts'));
    for (const name of m[1]!.split(',').map((n) => n.trim().replace(/^type\s+/, '')))
      if (name) imports.set(name.split(/\s+as\s+/).pop()!, target);
  }
  return imports;
}

/** The text of a function a module exports (from its declaration to the next top-level declaration). */
function functionBody(source: string, name: string): string {
  const start = source.search(new RegExp(`export (?:async )?function ${name}\\b`));
  if (start < 0) return '';
  const rest = source.slice(start + 1);
  const end = rest.search(/\n(?:export |function |const |async function )/);
  return end < 0 ? rest : rest.slice(0, end);
}

/**
 * The contracts a route parses: in its own file, or in a server function it hands the request to (the login routes'
 * handlers live in server/auth/io/auth-routes.ts), as `parse(Search|Body)(req, name)` with `name` imported.
 */
function parsedContracts(file: string): { kind: 'Search' | 'Body'; name: string; module: string }[] {
  const source = readFileSync(file, 'utf8');
  const imports = importsOf(file, source);
  const found: { kind: 'Search' | 'Body'; name: string; module: string }[] = [];
  const scan = (text: string, from: Map<string, string>) => {
    for (const m of text.matchAll(/parse(Search|Body)\(req, (\w+)\)/g)) {
      const module = from.get(m[2]!);
      if (!module) throw new Error(`${relative(ROOT, file)} parses ${m[2]}, which it does not import by name`);
      found.push({ kind: m[1] as 'Search' | 'Body', name: m[2]!, module });
    }
  };
  scan(source, imports);
  for (const [name, module] of imports) {
    if (!module.includes('/server/') || !new RegExp(`\\b${name}\\(req\\b`).test(source)) continue;
    const server = readFileSync(module, 'utf8');
    scan(functionBody(server, name), importsOf(module, server));
  }
  return found;
}

interface ZodLike {
  shape?: Record<string, unknown>;
  _zod?: { def: { type: string; in?: ZodLike; innerType?: ZodLike; options?: ZodLike[] } };
}

/** The keys of an object contract, through the pipes, defaults and unions zod wraps it in. */
export function keysOf(schema: unknown): string[] {
  const s = schema as ZodLike;
  if (s.shape) return Object.keys(s.shape);
  const def = s._zod?.def;
  if (!def) return [];
  if (def.in) return keysOf(def.in);
  if (def.innerType) return keysOf(def.innerType);
  if (def.options) return [...new Set(def.options.flatMap(keysOf))];
  return [];
}

/** Every route, its methods, path parameters and the keys of the query contracts it parses. */
export async function apiRoutes(): Promise<ApiRoute[]> {
  const routes: ApiRoute[] = [];
  for (const file of routeFiles()) {
    const path = join(ROOT, file);
    const source = readFileSync(path, 'utf8');
    // The methods it serves: not those answered 405 (methodNotAllowed, otherMethods).
    const refused = new Set(METHODS.filter((m) => new RegExp(`export const ${m} = methodNotAllowed\\(`).test(source)));
    for (const [, m, alias] of source.matchAll(/export const (\w+) = (\w+);/g))
      if (refused.has(alias!)) refused.add(m!);
    const methods = METHODS.filter(
      (m) => new RegExp(`export (?:const|async function|function) ${m}\\b`).test(source) && !refused.has(m),
    );
    const pattern = '/' + dirname(file).split('/').slice(1).join('/');
    // [name], or [...name] for a catch-all.
    const pathParams = [...pattern.matchAll(/\[(?:\.\.\.)?(\w+)\]/g)].map((m) => m[1]!);
    const contracts = parsedContracts(path);
    const queryKeys = new Set<string>();
    let body: ApiRoute['body'] = null;
    for (const c of contracts) {
      const schema = ((await import(pathToFileURL(c.module).href)) as Record<string, unknown>)[c.name];
      const keys = keysOf(schema);
      if (keys.length === 0) throw new Error(`${file}: cannot read the keys of ${c.name}`);
      if (c.kind === 'Body') body = { name: c.name, schema: schema as NonNullable<ApiRoute['body']>['schema'], keys };
      else for (const key of keys) queryKeys.add(key);
    }
    routes.push({
      file,
      pattern,
      methods,
      pathParams,
      queryKeys: [...queryKeys].sort(),
      body,
    });
  }
  return routes;
}
