// The MeshConfig, when the input holds it: istiod reads it from the ConfigMap `istio` (or `istio-<revision>`) of the
// root namespace, key `mesh` (a YAML document). Offline files rarely carry it and the console does not watch
// ConfigMaps, so rules that depend on it must say when they cannot tell.
import { parse } from 'yaml';
import type { RuleContext } from '../context.js';
import type { Entry } from '../types.js';
import { arr, obj, str, type Obj } from '../util.js';

export interface MeshConfigView {
  /** Where it came from, for messages. */
  source: Entry;
  /** Extension provider names, with Istio's built-ins (pkg/config/mesh/mesh.go DefaultMeshConfig), lower-cased. */
  providers: Map<string, Obj>;
  defaultProviders: Obj;
}

/** Istio's built-in extension providers, always merged into the mesh config (pkg/config/mesh/mesh.go). */
export const BUILTIN_PROVIDERS = ['prometheus', 'stackdriver', 'envoy'];

const cache = new WeakMap<Entry, MeshConfigView | null>();

function parseMeshConfig(cm: Entry): MeshConfigView | null {
  const text = str(obj(cm.object['data'])['mesh']);
  if (text === undefined) return null;
  let mesh: Obj;
  try {
    mesh = obj(parse(text));
  } catch {
    return null;
  }
  const providers = new Map<string, Obj>(BUILTIN_PROVIDERS.map((n) => [n, { name: n }]));
  for (const p of arr(mesh['extensionProviders'])) {
    const name = str(obj(p)['name']);
    if (name) providers.set(name.toLowerCase(), obj(p));
  }
  return { source: cm, providers, defaultProviders: obj(mesh['defaultProviders']) };
}

/** The mesh config of the input (ConfigMap istio in the root namespace), or undefined when it is not there. */
export function meshConfigOf(ctx: RuleContext): MeshConfigView | undefined {
  const cms = ctx.ix.list('ConfigMap', ctx.mesh.rootNamespace);
  const cm = cms.find((c) => c.name === 'istio') ?? cms.find((c) => c.name.startsWith('istio-') && meshKey(c));
  if (!cm) return undefined;
  let view = cache.get(cm);
  if (view === undefined) cache.set(cm, (view = parseMeshConfig(cm)));
  return view ?? undefined;
}

const meshKey = (c: Entry) => str(obj(c.object['data'])['mesh']) !== undefined;

/**
 * Why the mesh config is not known, for a message: offline, it is not among the files; against the cluster, Sextant
 * does not read ConfigMaps (neither the console's cache nor `--cluster` lists them), so advice to run with --cluster
 * would be wrong there.
 */
export const meshConfigUnknown = (ctx: RuleContext) =>
  ctx.offline
    ? `the mesh config (ConfigMap istio of ${ctx.mesh.rootNamespace}) is not among the inputs (add it to the files to check)`
    : `Sextant does not read the mesh config (ConfigMap istio of ${ctx.mesh.rootNamespace}) from the cluster`;
