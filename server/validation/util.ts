// Safe reads of untyped YAML: objects from files may hold anything, and a rule must never throw on them.
import type { Entry } from './types.js';

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const obj = (v: unknown): Obj => (isObj(v) ? v : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const strs = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');

/** String-valued labels, as Kubernetes stores them. */
export function labelsOf(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(obj(v))) if (typeof val === 'string') out[k] = val;
  return out;
}

export const spec = (e: Entry): Obj => obj(e.object.spec);
export const labels = (e: Entry) => labelsOf(e.object.metadata?.labels);
export const annotations = (e: Entry) => labelsOf(e.object.metadata?.annotations);

/** `a.b[0].c` from segments. */
export function pathString(segments: (string | number)[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  return out;
}

/** Segments from `a.b[0].c`. */
export function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

export const refOf = (e: Entry) => ({ kind: e.kind, namespace: e.namespace, name: e.name });
/** How a message names a kind: the Gateway API's Gateway (K8sGateway inside Sextant) apart from Istio's Gateway. */
export const kindWords = (kind: string) => (kind === 'K8sGateway' ? 'Kubernetes Gateway' : kind);
export const describe = (e: Entry) => `${kindWords(e.kind)} ${e.namespace}/${e.name}`;

export function selectorMatches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}

export const fmtLabels = (l: Record<string, string>) =>
  Object.entries(l)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

/** Entries in a stable order, so that messages naming several objects read the same however they were found. */
export const sorted = (list: Entry[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
