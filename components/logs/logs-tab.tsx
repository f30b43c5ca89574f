'use client';
import type { EntityRef } from '../detail/entity-ref';

/** The logs of an entity's pods: the application's and the istio-proxy's, access-log lines parsed into columns. */
export function LogsTab({ entity, pods }: { entity: EntityRef; pods: string[] }) {
  return (
    <p className="text-sm text-slate-500">
      Logs of {entity.name} ({pods.length} pods) are not built yet.
    </p>
  );
}
