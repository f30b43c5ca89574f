// The engine: runs every rule on every object over one index, remembers what each object's rules read, and on a
// change re-runs only the objects whose rules read something the change touched.
import { Reader, type Report, type Rule } from './context.js';
import { declaredHosts, ValidationIndex, workloadOf } from './index.js';
import { isWildcard } from './hosts.js';
import { wellFormed } from './kinds.js';
import { toEntry } from './entries.js';
import { ALL_RULES } from './rules/all.js';
import { schemaRules } from './rules/schema.js';
import { DEFAULT_IGNORE, silencerFor } from './suppress.js';
import {
  DEFAULT_MESH,
  type Entry,
  type Finding,
  type K8sObject,
  type MeshFacts,
  type ValidationOptions,
} from './types.js';
import { pathSegments, refOf } from './util.js';

const RULES_BY_KIND = new Map<string, Rule[]>();
for (const rule of ALL_RULES)
  for (const kind of rule.kinds) {
    const list = RULES_BY_KIND.get(kind);
    if (list) list.push(rule);
    else RULES_BY_KIND.set(kind, [rule]);
  }
const EVERY_KIND = RULES_BY_KIND.get('*') ?? [];
const SCHEMA_ONLY = schemaRules;
const rulesFor = (kind: string): Rule[] => {
  let rules = RULES_FOR_KIND.get(kind);
  if (!rules) RULES_FOR_KIND.set(kind, (rules = [...EVERY_KIND, ...(RULES_BY_KIND.get(kind) ?? [])]));
  return rules;
};
const RULES_FOR_KIND = new Map<string, Rule[]>();

/** Keys whose readers must re-run when this object appears, changes or goes. */
function providedKeys(e: Entry, clusterDomain: string, out: Set<string>): void {
  if (!wellFormed(e.object)) return;
  out.add(`k:${e.kind}:${e.namespace}`);
  out.add(`k:${e.kind}`);
  if (e.kind === 'Namespace') {
    out.add(`ns:${e.name}`);
    out.add('nsall');
  }
  for (const h of declaredHosts(e, clusterDomain)) {
    if (isWildcard(h)) out.add(`hw:${e.kind}`);
    else {
      out.add(`h:${h}`);
      out.add(`hx:${e.kind}`);
    }
  }
  const w = workloadOf(e);
  if (w) {
    out.add(`wl:${e.namespace}`);
    out.add('wl');
    out.add('sa');
    out.add(`sa:${e.namespace}/${w.serviceAccount}`);
  }
  if (e.kind === 'ServiceAccount') {
    out.add('sa');
    out.add(`sa:${e.namespace}/${e.name}`);
  }
}

interface Result {
  findings: Finding[];
  deps: Set<string>;
}

export class Validator {
  readonly index: ValidationIndex;
  readonly mesh: MeshFacts;
  private readonly ignore: Set<string>;
  private readonly namespacesComplete: boolean | undefined;
  private readonly offline: boolean;
  private readonly results = new Map<string, Result>();
  private readonly readers = new Map<string, Set<string>>(); // dependency key → ids of objects whose rules read it
  private findingsVersion = 0;

  constructor(entries: Iterable<Entry> | ValidationIndex, options: ValidationOptions = {}) {
    this.mesh = { ...DEFAULT_MESH, ...options.mesh };
    this.index = entries instanceof ValidationIndex ? entries : new ValidationIndex(entries, this.mesh.clusterDomain);
    this.ignore = new Set(options.ignore ?? DEFAULT_IGNORE);
    this.namespacesComplete = options.namespacesComplete;
    this.offline = options.offline ?? false;
    for (const e of this.index.entries.values()) this.run(e);
  }

  /** Every finding, in a stable order (file/namespace, object, line). */
  findings(): Finding[] {
    const out: Finding[] = [];
    for (const r of this.results.values()) for (const f of r.findings) out.push(f);
    return sortFindings(out);
  }

  findingsFor(id: string): Finding[] {
    return this.results.get(id)?.findings ?? [];
  }

  /**
   * A count that grows whenever an object's findings appear, go or differ, or an object with findings is replaced or
   * removed: a view derived from the findings (and the objects that carry them) at one version is still right while
   * the version stays, so the graph need not sum them again.
   */
  version(): number {
    return this.findingsVersion;
  }

  /**
   * Applies a change (objects added or replaced by id, ids removed) and re-validates only the objects that could be
   * affected. Returns the ids that were re-validated.
   */
  update(change: { upsert?: Entry[]; remove?: string[] }): Set<string> {
    const keys = new Set<string>();
    const touched = new Set<string>();
    const d = this.mesh.clusterDomain;
    const wasComplete = this.index.namespacesDeclared();
    // A namespace's existence changes only when its first object arrives or its last one goes.
    const existenceChanged = (ns: string) => {
      keys.add('nsall');
      keys.add(`ns:${ns}`);
    };
    const removeOne = (id: string) => {
      const old = this.index.entries.get(id);
      if (!old) return;
      if (this.findingsFor(id).length > 0) this.findingsVersion++;
      providedKeys(old, d, keys);
      this.index.remove(old);
      if (!this.index.hasNamespace(old.namespace)) existenceChanged(old.namespace);
      this.forget(id);
    };
    for (const id of change.remove ?? []) removeOne(id);
    for (const e of change.upsert ?? []) {
      removeOne(e.id);
      if (!this.index.hasNamespace(e.namespace)) existenceChanged(e.namespace);
      this.index.add(e);
      providedKeys(e, d, keys);
      touched.add(e.id);
    }
    if (wasComplete !== this.index.namespacesDeclared()) keys.add('nscomplete');
    for (const k of keys) for (const id of this.readers.get(k) ?? []) touched.add(id);
    for (const id of touched) {
      const e = this.index.entries.get(id);
      if (e) this.run(e);
      else this.forget(id);
    }
    return touched;
  }

  /**
   * The findings the given objects would have (and the objects they affect) if they replaced their namesakes; the
   * validator is left as it was.
   */
  plan(objectsAfter: Entry[]): Finding[] {
    const before = objectsAfter.map((e) => this.index.entries.get(e.id));
    const touched = this.update({ upsert: objectsAfter });
    const out: Finding[] = [];
    for (const id of touched) out.push(...this.findingsFor(id));
    const restore: Entry[] = [];
    const remove: string[] = [];
    objectsAfter.forEach((e, i) => (before[i] ? restore.push(before[i]) : remove.push(e.id)));
    this.update({ upsert: restore, remove });
    return sortFindings(out);
  }

  private forget(id: string) {
    const r = this.results.get(id);
    if (!r) return;
    for (const k of r.deps) {
      const s = this.readers.get(k);
      if (s) {
        s.delete(id);
        if (s.size === 0) this.readers.delete(k);
      }
    }
    this.results.delete(id);
  }

  private run(e: Entry) {
    const before = this.findingsFor(e.id);
    this.forget(e.id);
    const deps = new Set<string>();
    const findings: Finding[] = [];
    const silenced = silencerFor(e, this.ignore);
    const ix = new Reader(this.index, deps, this.mesh.clusterDomain);
    const namespacesComplete = this.namespacesComplete ?? this.index.namespacesDeclared();
    const report = (r: Report) => {
      const codes = r.codes ?? [];
      if (silenced({ ruleId: r.ruleId, codes })) return;
      findings.push(toFinding(e, r, codes));
    };
    const ctx = {
      entry: e,
      ix,
      mesh: this.mesh,
      namespacesComplete,
      offline: this.offline,
      report,
      silenced: (c: string) => silenced({ ruleId: c, codes: [c] }),
    };
    // Namespace-completeness flips when a namespace gains or loses its Namespace object, or objects appear elsewhere.
    deps.add('nscomplete');
    const rules = wellFormed(e.object) ? rulesFor(e.kind) : SCHEMA_ONLY;
    for (const rule of rules) {
      try {
        rule.check(ctx);
      } catch (err) {
        report({
          ruleId: 'internal-error',
          codes: ['IST0001'],
          severity: 'error',
          message: `A Sextant rule failed on this object (${(err as Error)?.message ?? String(err)}); please report it with the object's YAML.`,
          path: '',
        });
      }
    }
    this.results.set(e.id, { findings, deps });
    if (!sameFindings(before, findings)) this.findingsVersion++;
    for (const k of deps) {
      const s = this.readers.get(k);
      if (s) s.add(e.id);
      else this.readers.set(k, new Set([e.id]));
    }
  }
}

/** Same findings in the same order (rules run in a fixed order, so a re-run that changes nothing gives the same list). */
function sameFindings(a: Finding[], b: Finding[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((f, i) => {
    const g = b[i]!;
    return (
      f.ruleId === g.ruleId &&
      f.severity === g.severity &&
      f.path === g.path &&
      f.message === g.message &&
      f.codes.join() === g.codes.join()
    );
  });
}

function toFinding(e: Entry, r: Report, codes: string[]): Finding {
  const f: Finding = {
    ruleId: r.ruleId,
    ...(codes[0] ? { code: codes[0] } : {}),
    codes,
    severity: r.severity,
    message: r.message,
    object: refOf(e),
    path: r.path,
  };
  if (e.source?.file) f.file = e.source.file;
  const line = lineOf(e, r.path);
  if (line !== undefined) f.line = line;
  if (r.references?.length) f.references = r.references;
  return f;
}

/** The line of the deepest existing field on the path, else the document's first line. */
function lineOf(e: Entry, path: string): number | undefined {
  const src = e.source;
  if (!src) return undefined;
  if (src.lineOf && path) {
    const segs = pathSegments(path);
    for (let n = segs.length; n > 0; n--) {
      const line = src.lineOf(segs.slice(0, n));
      if (line !== undefined) return line;
    }
  }
  return src.line;
}

const SEV_ORDER = { error: 0, warning: 1, info: 2 } as const;

export function sortFindings(list: Finding[]): Finding[] {
  return list.sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      a.object.namespace.localeCompare(b.object.namespace) ||
      a.object.kind.localeCompare(b.object.kind) ||
      a.object.name.localeCompare(b.object.name) ||
      SEV_ORDER[a.severity] - SEV_ORDER[b.severity] ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.path.localeCompare(b.path),
  );
}

/** Validates a set of objects once. */
export function validate(entries: Iterable<Entry>, options: ValidationOptions = {}): Finding[] {
  return new Validator(entries, options).findings();
}

/**
 * Before a write: the findings that the planned objects (and the objects they affect) would have if the planned
 * objects replaced their namesakes. `against` is the live validator (cheap, incremental) or a bare index (validated
 * afresh).
 */
export function validatePlanned(
  objectsAfter: (Entry | K8sObject)[],
  against: Validator | ValidationIndex,
  options: ValidationOptions = {},
): Finding[] {
  // Not `instanceof`: Next.js bundles this module once per route, and the live validator (server/caches.ts, one per
  // process) may come from another route's copy of the class. A ValidationIndex has entries and no plan().
  const v = 'plan' in against ? against : new Validator(against.entries.values(), options);
  // Plain objects (as a planner builds them) become entries; one without a namespace lands in `default`.
  const entries = objectsAfter.map((o) => (isEntry(o) ? o : toEntry(o, 'default')));
  return v.plan(entries);
}

const isEntry = (o: Entry | K8sObject): o is Entry =>
  typeof (o as Entry).id === 'string' && typeof (o as Entry).object === 'object';
