// A config-change marker made by Sextant named by its audit entry's intent (pure, unit-tested). The Metrics tab's
// markers come from the watch (server/changes/): "VirtualService demo/sa-logic: spec changed by sextant", who and
// when from managedFields; the audit log says what the change was ("send 90 % to v1 and 10 % to v2").
import type { ConfigChangeMarker } from '@/lib/api/entity-metrics';
import type { AuditEntry } from '@/lib/api/traffic-change';

// The marker's time is the API server's (managedFields, second precision), the entry's the console's clock after the
// write: a few seconds apart at most on a sane cluster.
const MAX_SKEW_SECONDS = 30;

/**
 * The applied audit entry each marker of Sextant's writes stands for (null where none): same object, within the
 * skew, and one entry for one marker — the closest pairs first. Two writes within one second (a canary's start, then
 * its abort) give two markers of the same second, and each gets its own entry, not both the nearer one.
 */
export function entriesOfMarkers(
  markers: readonly ConfigChangeMarker[],
  applied: readonly AuditEntry[],
): (AuditEntry | null)[] {
  const pairs: { marker: number; entry: AuditEntry; skew: number }[] = [];
  markers.forEach((m, marker) => {
    if (!/ by sextant$/.test(m.change)) return;
    for (const entry of applied) {
      if (!entry.objects.some((o) => o.kind === m.kind && o.namespace === m.namespace && o.name === m.name)) continue;
      const skew = Math.abs(Date.parse(entry.time) / 1000 - m.time);
      if (skew <= MAX_SKEW_SECONDS) pairs.push({ marker, entry, skew });
    }
  });
  // Closest first; at equal distance, time order pairs the earlier marker with the earlier entry.
  pairs.sort((a, b) => a.skew - b.skew || a.marker - b.marker || Date.parse(a.entry.time) - Date.parse(b.entry.time));
  const out: (AuditEntry | null)[] = markers.map(() => null);
  const used = new Set<string>();
  for (const { marker, entry } of pairs) {
    if (out[marker] || used.has(entry.id)) continue;
    out[marker] = entry;
    used.add(entry.id);
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
