// Lines of fields in the YAML the object page shows, so that findings (which name a field by path) mark the right line.
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

/** `spec.http[0].route[1]` → ['spec', 'http', 0, 'route', 1] */
export function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/** A function from a finding's path to the 1-based line of the deepest field of it that the YAML holds. */
export function lineFinder(yamlText: string): (path: string) => number {
  const lines = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: lines });
  const lineAt = (segments: (string | number)[]): number | undefined => {
    let node: unknown = doc.contents;
    let at: number | undefined = undefined;
    for (const seg of segments) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === seg);
        if (!pair) return at === undefined ? undefined : lines.linePos(at).line;
        at = (pair.key as Node | null)?.range?.[0];
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg] as Node | undefined;
        if (!item) break;
        at = item.range?.[0];
        node = item;
      } else break;
    }
    return at === undefined ? undefined : lines.linePos(at).line;
  };
  return (path) => (path ? (lineAt(pathSegments(path)) ?? 1) : 1);
}
