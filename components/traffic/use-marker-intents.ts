'use client';
import type { ConfigChangeMarker } from '@/lib/api/entity-metrics';
import { useCanaryRun } from '@/lib/api/use-canary';
import { withCanarySteps } from '../canary/canary-markers';
import type { EntityRef } from '../detail/entity-ref';
import { withIntents } from './marker-intents';
import { useTrafficHistory } from './use-traffic';

/**
 * On a service's charts, Sextant's own changes named by what they did (a canary's steps as "canary v2 → 20 %");
 * other pages' markers as they are.
 */
export function useMarkerIntents(entity: EntityRef, markers: ConfigChangeMarker[]): ConfigChangeMarker[] {
  const isService = entity.resource === 'services';
  const asked = isService && markers.some((m) => / by sextant$/.test(m.change));
  const service = { namespace: entity.namespace, name: entity.name };
  const history = useTrafficHistory(service, asked);
  const canary = useCanaryRun(service, asked);
  if (!asked || !history.data) return markers;
  return withIntents(withCanarySteps(markers, history.data.entries, canary.data ?? null), history.data.entries);
}
