// Multi-document YAML (kubectl files, kustomize output, `kind: List`) → entries with file and line, plus a finding
// for every document that does not parse or is not an object. Never throws.
import { isMap, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { toEntry } from './entries.js';
import type { Entry, Finding, K8sObject, ObjectSource } from './types.js';
import { isObj } from './util.js';

export interface Loaded {
  entries: Entry[];
  findings: Finding[];
}

export function loadYaml(text: string, file: string, defaultNamespace: string): Loaded {
  const entries: Entry[] = [];
  const findings: Finding[] = [];
  const lines = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false }) as Document.Parsed[];
  } catch (err) {
    findings.push(parseFinding(file, 1, `the file is not YAML: ${(err as Error).message}`));
    return { entries, findings };
  }
  if (!Array.isArray(docs)) docs = [docs];
  for (const doc of docs) {
    const startLine = lines.linePos(doc.range?.[0] ?? 0).line;
    if (doc.errors.length > 0) {
      for (const err of doc.errors.slice(0, 1)) {
        const line = err.linePos?.[0]?.line ?? lines.linePos(err.pos[0]).line;
        findings.push(parseFinding(file, line, `YAML does not parse: ${firstLine(err.message)}`));
      }
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      findings.push(parseFinding(file, startLine, `YAML does not parse: ${firstLine((err as Error).message)}`));
      continue;
    }
    if (value === null || value === undefined) continue; // an empty document (`---` at the end)
    const contentLine = doc.contents?.range ? lines.linePos(doc.contents.range[0]).line : startLine;
    if (!isObj(value)) {
      findings.push(
        parseFinding(file, contentLine, 'this YAML document is not a Kubernetes object (expected a mapping with kind)'),
      );
      continue;
    }
    const lineOf = (prefix: (string | number)[]) => (path: (string | number)[]) =>
      lineIn(doc, lines, [...prefix, ...path]);
    if (value['kind'] === 'List' && Array.isArray(value['items'])) {
      value['items'].forEach((item, i) => {
        const line = lineIn(doc, lines, ['items', i]) ?? contentLine;
        if (!isObj(item)) {
          findings.push(parseFinding(file, line, `items[${i}] of this List is not a Kubernetes object`));
          return;
        }
        const source: ObjectSource = { file, line, lineOf: lineOf(['items', i]) };
        entries.push(toEntry(item as K8sObject, defaultNamespace, source));
      });
      continue;
    }
    entries.push(toEntry(value as K8sObject, defaultNamespace, { file, line: contentLine, lineOf: lineOf([]) }));
  }
  return { entries, findings };
}

/** The 1-based line of the key (for map fields) or item (for list items) at `path`. */
function lineIn(doc: Document, lines: LineCounter, path: (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let at: number | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === seg);
      if (!pair) return undefined;
      at = (pair.key as Node | null)?.range?.[0];
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) return undefined;
      at = item.range?.[0];
      node = item;
    } else return undefined;
  }
  return at === undefined ? undefined : lines.linePos(at).line;
}

const firstLine = (s: string) => s.split('\n')[0] ?? s;

export function parseFinding(file: string, line: number, message: string): Finding {
  return {
    ruleId: 'yaml.parse',
    codes: [],
    severity: 'error',
    message: `${message}. Fix the YAML so that kubectl could apply it; nothing in this document was validated.`,
    object: { kind: 'File', namespace: '', name: file },
    path: '',
    file,
    line,
  };
}
