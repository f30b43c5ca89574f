import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { FieldTree } from './field-tree.js';
import { isJsonObject, type JsonValue } from './json-value.js';

// Unknown and duplicate fields, found as the API server's strict decoders find them (apimachinery's json and yaml
// serializers, sigs.k8s.io/json UnmarshalStrict, and the CRD handler's pruning), with their paths.

export interface FieldProblem {
  type: 'unknown' | 'duplicate';
  /** "spec.http[0].route[0].wieght" */
  path: string;
  key: string;
  /** 1-based line of the key in the body. */
  line: number;
}

const childPath = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** The tree below `key` of an object whose tree is `tree`: null for a field the schema does not declare. */
function childTree(tree: FieldTree | undefined, key: string): FieldTree | undefined | null {
  if (!tree || tree.open) return undefined;
  if (tree.fields) return Object.hasOwn(tree.fields, key) ? tree.fields[key] : null;
  if (tree.values) return tree.values;
  return undefined; // a scalar given an object: a type error for validation, not an unknown field
}

/**
 * Walks a request body in document order, reporting each duplicate key and (given the kind's tree) each field the
 * schema does not declare, at its first occurrence. Below an unknown field nothing more is reported: it is dropped
 * whole. Works on JSON as on YAML (JSON is YAML); the body must already have parsed.
 */
export function bodyFieldProblems(text: string, tree: FieldTree | undefined): FieldProblem[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, lineCounter: lines });
  const out: FieldProblem[] = [];
  const lineOf = (node: Node | null | undefined) => (node?.range ? lines.linePos(node.range[0]).line : 0);
  const walk = (node: unknown, at: FieldTree | undefined, path: string): void => {
    if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, at?.open ? undefined : at?.items, `${path}[${i}]`));
      return;
    }
    if (!isMap(node)) return;
    const last = new Map<string, number>();
    node.items.forEach((pair, i) => last.set(String(isScalar(pair.key) ? pair.key.value : pair.key), i));
    const seen = new Set<string>();
    node.items.forEach((pair, i) => {
      const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
      const here = childPath(path, key);
      const sub = childTree(at, key);
      const line = lineOf(pair.key as Node);
      if (seen.has(key)) out.push({ type: 'duplicate', path: here, key, line });
      else if (sub === null) out.push({ type: 'unknown', path: here, key, line });
      seen.add(key);
      if (last.get(key) === i && sub !== null) walk(pair.value, sub, here);
    });
  };
  walk(doc.contents, tree, '');
  return out;
}

/**
 * The fields of a decoded object that its kind's tree does not declare, in the order the object holds them; with
 * `prune`, they are deleted from it, as the decoder drops them under fieldValidation Warn or Ignore.
 */
export function unknownFields(value: JsonValue, tree: FieldTree | undefined, prune: boolean, path = ''): string[] {
  const out: string[] = [];
  if (!tree || tree.open) return out;
  if (Array.isArray(value)) {
    if (tree.items) value.forEach((item, i) => out.push(...unknownFields(item, tree.items, prune, `${path}[${i}]`)));
    return out;
  }
  if (!isJsonObject(value)) return out;
  for (const key of Object.keys(value)) {
    const sub = childTree(tree, key);
    if (sub === null) {
      out.push(childPath(path, key));
      if (prune) delete value[key];
    } else {
      out.push(...unknownFields(value[key]!, sub, prune, childPath(path, key)));
    }
  }
  return out;
}
