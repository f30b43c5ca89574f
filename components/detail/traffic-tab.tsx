'use client';
import type { EntityRef } from './entity-ref';

/** Inbound and outbound traffic of one app, workload or service as sortable tables. */
export function TrafficTab({ entity }: { entity: EntityRef }) {
  return <p className="text-sm text-slate-500">Traffic of {entity.name} is not built yet.</p>;
}
