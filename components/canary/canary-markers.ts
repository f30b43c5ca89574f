// A canary step's config-change markers named as the step (pure, unit-tested): the watch reports "spec changed by
// sextant" on the VirtualService the step wrote; the audit entry of that write is the step's entryId, so the marker
// reads "spec changed by sextant: canary v2 → 20 %" and sits at the step's own time, the one the timeline shows.
import type { CanaryRun, CanaryStep } from '@/lib/api/canary';
import type { ConfigChangeMarker } from '@/lib/api/entity-metrics';
import type { AuditEntry } from '@/lib/api/traffic-change';
import { entriesOfMarkers } from '../traffic/marker-intents';

const OUTCOME: Partial<Record<CanaryStep['decision'], string>> = {
  rollback: ' (rolled back)',
  promote: ' (promoted)',
  abort: ' (aborted)',
  'promote-now': ' (promoted now)',
};

/** "canary v2 → 20 %", "canary v2 → 0 % (rolled back)". */
export function stepText(run: CanaryRun, step: CanaryStep): string {
  return `canary ${run.spec.canary} → ${step.weight} %${OUTCOME[step.decision] ?? ''}`;
}

export function withCanarySteps(
  markers: ConfigChangeMarker[],
  entries: AuditEntry[],
  run: CanaryRun | null,
): ConfigChangeMarker[] {
  if (!run) return markers;
  const stepOf = new Map<string, CanaryStep>();
  for (const step of run.steps) if (step.entryId) stepOf.set(step.entryId, step);
  if (stepOf.size === 0) return markers;
  const applied = entries.filter((e) => e.result === 'applied');
  let renamed = false;
  const matched = entriesOfMarkers(markers, applied);
  const out = markers.map((m, i) => {
    const entry = matched[i];
    const step = entry && stepOf.get(entry.id);
    if (!step) return m;
    renamed = true;
    return { ...m, time: Math.floor(Date.parse(step.time) / 1000), change: `${m.change}: ${stepText(run, step)}` };
  });
  // The markers are numbered in time order; a step's time may reorder two close ones.
  return renamed ? out.sort((a, b) => a.time - b.time) : out;
}
