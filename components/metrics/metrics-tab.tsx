'use client';
import type { EntityRef } from '../detail/entity-ref';

/** Inbound or outbound metrics of one app, workload or service as charts. */
export function MetricsTab({ entity }: { entity: EntityRef }) {
  return <p className="text-sm text-slate-500">Metrics of {entity.name} are not built yet.</p>;
}
