import type { EntityRef } from '../detail/entity-ref';

/** The trace view's URL on an entity's page: its Traces tab with the trace open. */
export function traceViewUrl(entity: EntityRef, traceId: string): string {
  const base = `/namespaces/${encodeURIComponent(entity.namespace)}/${entity.resource}/${encodeURIComponent(entity.name)}`;
  return `${base}?tab=traces&trace=${encodeURIComponent(traceId)}`;
}
