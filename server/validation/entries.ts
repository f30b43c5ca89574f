// Objects → entries: identity (kind/namespace/name), the namespace an unnamespaced manifest lands in, and the source.
import { CLUSTER_SCOPED, engineKind } from './kinds.js';
import type { Entry, K8sObject, ObjectSource } from './types.js';
import { isObj } from './util.js';

export const UNNAMED = '(unnamed)';
export const NO_KIND = '(no kind)';

export function identity(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/** The entry for one object; `defaultNamespace` is where `kubectl apply` would put an object that names none. */
export function toEntry(object: K8sObject, defaultNamespace: string, source?: ObjectSource): Entry {
  const kindRaw = typeof object.kind === 'string' && object.kind ? object.kind : NO_KIND;
  const kind = engineKind(typeof object.apiVersion === 'string' ? object.apiVersion : undefined, kindRaw);
  const meta = isObj(object.metadata) ? object.metadata : {};
  const name = typeof meta.name === 'string' && meta.name ? meta.name : UNNAMED;
  const namespace = CLUSTER_SCOPED.has(kind)
    ? ''
    : typeof meta.namespace === 'string' && meta.namespace
      ? meta.namespace
      : defaultNamespace;
  return { id: identity(kind, namespace, name), kind, namespace, name, object, ...(source ? { source } : {}) };
}

/**
 * Gives each entry a unique id. The same identity in several documents (alternative versions of one object, as in
 * Istio's samples) keeps its id on the first and gets `#2`, `#3`… on the others; conflict rules treat them as one
 * object, since applying them replaces rather than adds.
 */
export function uniqueIds(entries: Entry[]): Entry[] {
  const seen = new Map<string, number>();
  for (const e of entries) {
    const n = (seen.get(e.id) ?? 0) + 1;
    seen.set(e.id, n);
    if (n > 1) e.id = `${e.id}#${n}`;
  }
  return entries;
}

/** Two entries are versions of one object (same kind, namespace and name). */
export const sameObject = (a: Entry, b: Entry) =>
  a === b || (a.kind === b.kind && a.namespace === b.namespace && a.name === b.name);

/**
 * The cluster as it would be after applying `files`: each file object replaces the live object of the same kind,
 * namespace and name, as `kubectl apply` would. The file entries come first so their findings keep their ids.
 */
export function overlay(live: Entry[], files: Entry[]): Entry[] {
  const replaced = new Set(files.map((e) => identity(e.kind, e.namespace, e.name)));
  return [...files, ...live.filter((e) => !replaced.has(identity(e.kind, e.namespace, e.name)))];
}
