// A config-change marker made by Sextant named by its audit entry's intent (pure, unit-tested). The Metrics tab's
// markers come from the watch (server/changes/): "VirtualService demo/sa-logic: spec changed by sextant", who and
// when from managedFields; the audit log says what the change was ("send 90 % to v1 and 10 % to v2").
import type { ConfigChangeMarker } from '@/lib/api/entity-metrics';
import type { AuditEntry } from '@/lib/api/traffic-change';

// The marker's time is the API server's (managedFields, second precision), the entry's the console's clock after the
// write: a few seconds apart at most on a sane cluster.
const MAX_SKEW_SECONDS = 30;

/** The applied audit entry a marker of Sextant's write stands for: same object, the closest in time; null if none. */
export function entryOfMarker(marker: ConfigChangeMarker, applied: readonly AuditEntry[]): AuditEntry | null {
  if (!/ by sextant$/.test(marker.change)) return null;
  let best: { entry: AuditEntry; skew: number } | null = null;
  for (const entry of applied) {
    if (
      !entry.objects.some((o) => o.kind === marker.kind && o.namespace === marker.namespace && o.name === marker.name)
    )
      continue;
    const skew = Math.abs(Date.parse(entry.time) / 1000 - marker.time);
    if (skew <= MAX_SKEW_SECONDS && (!best || skew < best.skew)) best = { entry, skew };
  }
  return best?.entry ?? null;
}

export function withIntents(markers: ConfigChangeMarker[], entries: AuditEntry[]): ConfigChangeMarker[] {
  const applied = entries.filter((e) => e.result === 'applied');
  if (applied.length === 0) return markers;
  return markers.map((m) => {
    const entry = entryOfMarker(m, applied);
    return entry ? { ...m, change: `${m.change}: ${entry.intent}` } : m;
  });
}
