'use client';
import type { ConfigChangeMarker } from '@/lib/api/entity-metrics';
import type { EntityRef } from '../detail/entity-ref';
import { withIntents } from './marker-intents';
import { useTrafficHistory } from './use-traffic';

/** On a service's charts, Sextant's own changes named by what they did; other pages' markers as they are. */
export function useMarkerIntents(entity: EntityRef, markers: ConfigChangeMarker[]): ConfigChangeMarker[] {
  const isService = entity.resource === 'services';
  const asked = isService && markers.some((m) => / by sextant$/.test(m.change));
  const history = useTrafficHistory({ namespace: entity.namespace, name: entity.name }, asked);
  return asked && history.data ? withIntents(markers, history.data.entries) : markers;
}
