// A config-change marker made by Sextant named by its audit entry's intent (pure, unit-tested). The Metrics tab's
// markers come from the watch (server/changes/): "VirtualService demo/sa-logic: spec changed by sextant", who and
// when from managedFields; the audit log says what the change was ("send 90 % to v1 and 10 % to v2").
import type { ConfigChangeMarker } from '@/lib/api/entity-metrics';
import type { AuditEntry } from '@/lib/api/traffic-change';

// The marker's time is the API server's (managedFields, second precision), the entry's the console's clock after the
// write: a few seconds apart at most on a sane cluster.
const MAX_SKEW_SECONDS = 30;

// The console records an entry after its write, so an entry's time is at or after its marker's (whole) second, up
// to the two clocks' skew.
const CLOCK_SKEW_SECONDS = 2;

const objectKey = (o: { kind: string; namespace: string; name: string }) => `${o.kind}/${o.namespace}/${o.name}`;

/**
 * The applied audit entry each marker of Sextant's writes stands for (null where none). Per object, markers and
 * entries are paired in time order (the n-th write is the n-th entry), each entry at or after its marker's second
 * and within MAX_SKEW_SECONDS: as many pairs as can be, then the least delay in all. So two writes a second apart (a
 * 90/10, then "send all back" at once) or within one second (a canary's start and its abort) each get their own
 * entry, though one entry may be nearer both markers.
 */
export function entriesOfMarkers(
  markers: readonly ConfigChangeMarker[],
  applied: readonly AuditEntry[],
): (AuditEntry | null)[] {
  const out: (AuditEntry | null)[] = markers.map(() => null);
  const groups = new Map<string, number[]>();
  markers.forEach((m, i) => {
    if (!/ by sextant$/.test(m.change)) return;
    const key = objectKey(m);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  for (const [key, indexes] of groups) {
    const ms = indexes.sort((a, b) => markers[a]!.time - markers[b]!.time || a - b);
    const es = applied
      .filter((e) => e.objects.some((o) => objectKey(o) === key))
      .sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    pairInOrder(
      ms.map((i) => markers[i]!.time),
      es.map((e) => Date.parse(e.time) / 1000),
    ).forEach((j, n) => {
      if (j !== null) out[ms[n]!] = es[j]!;
    });
  }
  return out;
}

/** A monotone pairing of marker and entry times: the most pairs, then the least total delay; per marker its entry. */
function pairInOrder(marks: number[], entries: number[]): (number | null)[] {
  const fits = (m: number, e: number) => e >= m - CLOCK_SKEW_SECONDS && e - m <= MAX_SKEW_SECONDS;
  // best[i][j]: [pairs, -delay] over the first i markers and j entries.
  const best = marks.map(() => entries.map(() => [0, 0] as [number, number]));
  const at = (i: number, j: number): [number, number] => (i < 0 || j < 0 ? [0, 0] : best[i]![j]!);
  const better = (a: [number, number], b: [number, number]) => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
  for (let i = 0; i < marks.length; i++)
    for (let j = 0; j < entries.length; j++) {
      let choice = better(at(i - 1, j), at(i, j - 1)) ? at(i - 1, j) : at(i, j - 1);
      if (fits(marks[i]!, entries[j]!)) {
        const prev = at(i - 1, j - 1);
        const paired: [number, number] = [prev[0] + 1, prev[1] - (entries[j]! - marks[i]!)];
        if (better(paired, choice)) choice = paired;
      }
      best[i]![j] = choice;
    }
  const out: (number | null)[] = marks.map(() => null);
  for (let i = marks.length - 1, j = entries.length - 1; i >= 0 && j >= 0;) {
    const here = at(i, j);
    const prev = at(i - 1, j - 1);
    if (fits(marks[i]!, entries[j]!) && here[0] === prev[0] + 1 && here[1] === prev[1] - (entries[j]! - marks[i]!)) {
      out[i--] = j--;
    } else if (here[0] === at(i - 1, j)[0] && here[1] === at(i - 1, j)[1]) i--;
    else j--;
  }
  return out;
}

export function withIntents(markers: ConfigChangeMarker[], entries: AuditEntry[]): ConfigChangeMarker[] {
  const applied = entries.filter((e) => e.result === 'applied');
  if (applied.length === 0) return markers;
  const matched = entriesOfMarkers(markers, applied);
  return markers.map((m, i) => {
    const entry = matched[i];
    return entry ? { ...m, change: `${m.change}: ${entry.intent}` } : m;
  });
}
