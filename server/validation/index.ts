// The index every rule reads: objects by kind and namespace, hosts, workloads by label, service accounts. Built once
// (linear in the objects) and updated in place when one object changes, so incremental validation stays cheap.
import { isWildcard, toFqdn } from './hosts.js';
import { CLUSTER_SCOPED, wellFormed, WORKLOAD_KINDS } from './kinds.js';
import type { Entry } from './types.js';
import { arr, labelsOf, obj, spec, str, strs } from './util.js';

/** Something that runs as pods: a pod, a pod template of a controller, or a WorkloadEntry. */
export interface Workload {
  entry: Entry;
  namespace: string;
  labels: Record<string, string>;
  serviceAccount: string;
  /** The pod spec (template for controllers); {} for WorkloadEntries. */
  podSpec: Record<string, unknown>;
  podAnnotations: Record<string, string>;
}

/**
 * Values by key, read back in id order whatever the order of insertion, so that a validator updated incrementally
 * reads exactly what a fresh one would. The sorted array is cached until the next change to that key.
 */
type Slot<T> = { set: Set<T>; sorted?: T[] };
type Bucket<T> = Map<string, Slot<T>>;
const idOf = (v: Entry | Workload): string => ('entry' in v ? v.entry.id : v.id);
function put<T extends Entry | Workload>(m: Bucket<T>, key: string, v: T) {
  const s = m.get(key);
  if (s) {
    s.set.add(v);
    s.sorted = undefined;
  } else m.set(key, { set: new Set([v]) });
}
function drop<T extends Entry | Workload>(m: Bucket<T>, key: string, v: T) {
  const s = m.get(key);
  if (!s) return;
  s.set.delete(v);
  s.sorted = undefined;
  if (s.set.size === 0) m.delete(key);
}
const EMPTY: never[] = [];
function read<T extends Entry | Workload>(m: Bucket<T> | undefined, key: string): readonly T[] {
  const s = m?.get(key);
  if (!s) return EMPTY;
  if (!s.sorted) {
    const items = [...s.set];
    // Built from entries in id order (see ValidationIndex's constructor), most buckets are sorted already.
    let ordered = true;
    for (let i = 1; i < items.length && ordered; i++) if (idOf(items[i - 1]!) > idOf(items[i]!)) ordered = false;
    if (!ordered) items.sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
    s.sorted = items;
  }
  return s.sorted;
}

/** Hosts an object declares, as dependency keys and index keys: exact FQDNs and whether any is a wildcard. */
export function declaredHosts(e: Entry, clusterDomain: string): string[] {
  const s = spec(e);
  switch (e.kind) {
    case 'Service':
      return [`${e.name}.${e.namespace}.svc.${clusterDomain}`];
    case 'VirtualService':
      return strs(s['hosts']).map((h) => toFqdn(h, e.namespace, clusterDomain));
    case 'ServiceEntry':
      return strs(s['hosts']); // registry hosts as written: istiod does not expand them (serviceentry/conversion.go)
    case 'DestinationRule': {
      const h = str(s['host']);
      return h ? [toFqdn(h, e.namespace, clusterDomain)] : [];
    }
    default:
      return [];
  }
}

export function workloadOf(e: Entry): Workload | undefined {
  if (!WORKLOAD_KINDS.has(e.kind)) return undefined;
  const s = obj(e.object.spec);
  if (e.kind === 'WorkloadEntry') {
    return {
      entry: e,
      namespace: e.namespace,
      labels: labelsOf(s['labels']),
      serviceAccount: str(s['serviceAccount']) ?? 'default',
      podSpec: {},
      podAnnotations: {},
    };
  }
  const isPod = e.kind === 'Pod';
  const template = isPod ? { metadata: e.object.metadata, spec: s } : obj(s['template']);
  const meta = obj(template['metadata']);
  const podSpec = obj(template['spec']);
  return {
    entry: e,
    namespace: e.namespace,
    labels: labelsOf(meta['labels']),
    serviceAccount: str(podSpec['serviceAccountName']) ?? str(podSpec['serviceAccount']) ?? 'default',
    podSpec,
    podAnnotations: labelsOf(meta['annotations']),
  };
}

export class ValidationIndex {
  readonly entries = new Map<string, Entry>();
  private readonly byKind = new Map<string, Bucket<Entry>>(); // kind → namespace → entries
  private readonly nsCount = new Map<string, number>();
  private readonly hostDecl = new Map<string, Bucket<Entry>>(); // kind → fqdn → entries
  private readonly wildDecl: Bucket<Entry> = new Map(); // kind → entries declaring a wildcard host
  private readonly workloads = new Map<string, Workload>(); // entry id → workload
  private readonly allWorkloads: Bucket<Workload> = new Map(); // '' → every workload
  private readonly wlByNs: Bucket<Workload> = new Map();
  private readonly wlByLabel: Bucket<Workload> = new Map(); // `k=v` → workloads in any namespace
  private readonly saCount = new Map<string, number>(); // `ns/name` → ServiceAccounts + workloads using it
  private readonly nsObjects: Bucket<Entry> = new Map(); // several documents may define one namespace
  private readonly undeclared = new Set<string>(); // namespaces holding objects but no Namespace object

  constructor(
    entries: Iterable<Entry>,
    readonly clusterDomain = 'cluster.local',
  ) {
    // In id order, so that every bucket fills in the order it is read back (no sorting on the first read).
    const sortedEntries = [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const e of sortedEntries) this.add(e);
  }

  add(e: Entry): void {
    this.entries.set(e.id, e);
    // Objects the API server would reject are kept (to be reported) but never seen by other objects' rules.
    if (!wellFormed(e.object)) return;
    let kinds = this.byKind.get(e.kind);
    if (!kinds) this.byKind.set(e.kind, (kinds = new Map()));
    put(kinds, e.namespace, e);
    if (!CLUSTER_SCOPED.has(e.kind)) {
      const n = (this.nsCount.get(e.namespace) ?? 0) + 1;
      this.nsCount.set(e.namespace, n);
      if (n === 1 && !this.nsObjects.has(e.namespace)) this.undeclared.add(e.namespace);
    }
    for (const h of declaredHosts(e, this.clusterDomain)) {
      if (isWildcard(h)) put(this.wildDecl, e.kind, e);
      else {
        let m = this.hostDecl.get(e.kind);
        if (!m) this.hostDecl.set(e.kind, (m = new Map()));
        put(m, h, e);
      }
    }
    const wl = workloadOf(e);
    if (wl) {
      this.workloads.set(e.id, wl);
      put(this.wlByNs, wl.namespace, wl);
      put(this.allWorkloads, '', wl);
      for (const k in wl.labels) put(this.wlByLabel, `${k}=${wl.labels[k]}`, wl);
      this.bumpSa(`${wl.namespace}/${wl.serviceAccount}`, 1);
    }
    if (e.kind === 'ServiceAccount') this.bumpSa(`${e.namespace}/${e.name}`, 1);
    if (e.kind === 'Namespace') {
      put(this.nsObjects, e.name, e);
      this.undeclared.delete(e.name);
    }
  }

  remove(e: Entry): void {
    if (this.entries.get(e.id) !== e) return;
    this.entries.delete(e.id);
    if (!wellFormed(e.object)) return;
    const kinds = this.byKind.get(e.kind);
    if (kinds) drop(kinds, e.namespace, e);
    if (!CLUSTER_SCOPED.has(e.kind)) {
      const n = (this.nsCount.get(e.namespace) ?? 1) - 1;
      if (n <= 0) {
        this.nsCount.delete(e.namespace);
        this.undeclared.delete(e.namespace);
      } else this.nsCount.set(e.namespace, n);
    }
    for (const h of declaredHosts(e, this.clusterDomain)) {
      if (isWildcard(h)) drop(this.wildDecl, e.kind, e);
      else {
        const m = this.hostDecl.get(e.kind);
        if (m) drop(m, h, e);
      }
    }
    const wl = this.workloads.get(e.id);
    if (wl) {
      this.workloads.delete(e.id);
      drop(this.wlByNs, wl.namespace, wl);
      drop(this.allWorkloads, '', wl);
      for (const k in wl.labels) drop(this.wlByLabel, `${k}=${wl.labels[k]}`, wl);
      this.bumpSa(`${wl.namespace}/${wl.serviceAccount}`, -1);
    }
    if (e.kind === 'ServiceAccount') this.bumpSa(`${e.namespace}/${e.name}`, -1);
    if (e.kind === 'Namespace') {
      drop(this.nsObjects, e.name, e);
      if (!this.nsObjects.has(e.name) && this.nsCount.has(e.name)) this.undeclared.add(e.name);
    }
  }

  private bumpSa(key: string, by: number) {
    const n = (this.saCount.get(key) ?? 0) + by;
    if (n <= 0) this.saCount.delete(key);
    else this.saCount.set(key, n);
  }

  list(kind: string, namespace?: string): readonly Entry[] {
    const kinds = this.byKind.get(kind);
    if (!kinds) return EMPTY;
    if (namespace !== undefined) return read(kinds, namespace);
    const out: Entry[] = [];
    for (const ns of [...kinds.keys()].sort()) out.push(...read(kinds, ns));
    return out;
  }

  /** Does every namespace holding objects have its Namespace object (files that describe whole namespaces)? */
  namespacesDeclared(): boolean {
    return this.nsObjects.size > 0 && this.undeclared.size === 0;
  }

  /** Namespaces named by Namespace objects or holding any object. */
  namespaceNames(): string[] {
    return [...new Set([...this.nsCount.keys(), ...this.nsObjects.keys()])];
  }
  hasNamespace(name: string): boolean {
    return this.nsCount.has(name) || this.nsObjects.has(name);
  }
  /** The Namespace object of that name; of several versions, the one with the smallest id (stable across updates). */
  namespaceObject(name: string): Entry | undefined {
    return read(this.nsObjects, name)[0];
  }

  declaring(kind: string, fqdn: string): readonly Entry[] {
    return read(this.hostDecl.get(kind), fqdn);
  }
  wildcardDeclaring(kind: string): readonly Entry[] {
    return read(this.wildDecl, kind);
  }
  /** Every exact host an object of this kind declares (for wildcard lookups). */
  declaredExactHosts(kind: string): string[] {
    return [...(this.hostDecl.get(kind)?.keys() ?? [])];
  }

  workloadsIn(namespace: string | undefined): readonly Workload[] {
    return namespace !== undefined ? read(this.wlByNs, namespace) : read(this.allWorkloads, '');
  }
  workloadOfEntry(id: string): Workload | undefined {
    return this.workloads.get(id);
  }

  /** Workloads whose labels include every selector label; an empty selector selects every workload in scope. */
  selectWorkloads(namespace: string | undefined, selector: Record<string, string>): readonly Workload[] {
    const keys = Object.keys(selector);
    if (keys.length === 0) return this.workloadsIn(namespace);
    let best: readonly Workload[] | undefined;
    for (const k of keys) {
      const s = read(this.wlByLabel, `${k}=${selector[k]}`);
      if (s.length === 0) return EMPTY;
      if (!best || s.length < best.length) best = s;
    }
    const out: Workload[] = [];
    for (const w of best!) {
      if (namespace !== undefined && w.namespace !== namespace) continue;
      let ok = true;
      for (const k of keys)
        if (w.labels[k] !== selector[k]) {
          ok = false;
          break;
        }
      if (ok) out.push(w);
    }
    return out;
  }

  serviceAccountUsed(namespace: string, name: string): boolean {
    return this.saCount.has(`${namespace}/${name}`);
  }
  serviceAccountKeys(): string[] {
    return [...this.saCount.keys()];
  }
}

/** Pod-spec ports of a workload, for port checks. */
export function containerPorts(w: Workload): { name?: string; containerPort?: number }[] {
  const out: { name?: string; containerPort?: number }[] = [];
  for (const c of arr(w.podSpec['containers']))
    for (const p of arr(obj(c)['ports'])) {
      const po = obj(p);
      out.push({
        name: str(po['name']),
        containerPort: typeof po['containerPort'] === 'number' ? po['containerPort'] : undefined,
      });
    }
  return out;
}
