import type { EntityRef } from '../detail/entity-ref';
import { entityPath } from '../ui/entity-link';

// The page of an entity names apps "applications" (the API says "apps").
const PAGE_SEGMENT = { apps: 'applications', workloads: 'workloads', services: 'services' } as const;

/** The trace view's URL on an entity's page: its Traces tab with the trace open. */
export function traceViewUrl(entity: EntityRef, traceId: string): string {
  const base = entityPath(entity.namespace, PAGE_SEGMENT[entity.resource], entity.name);
  return `${base}?tab=traces&trace=${encodeURIComponent(traceId)}`;
}
