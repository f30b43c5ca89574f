'use client';
import type { EntityRef } from '../detail/entity-ref';

/** The traces that touch one app, workload or service: a scatter of durations, a list, and the trace view. */
export function TracesTab({ entity }: { entity: EntityRef }) {
  return <p className="text-sm text-slate-500">Traces of {entity.name} are not built yet.</p>;
}
