'use client';
import type { EntityRef } from './entity-ref';

/** One hop of the graph around an app, workload or service: its callers and callees. */
export function NeighboursGraph({ entity }: { entity: EntityRef }) {
  return <p className="text-sm text-slate-500">Neighbours of {entity.name} are not built yet.</p>;
}
