// Roll back and history, over the audit log. A rollback restores the objects as an entry recorded them before its
// change (default: the service's last applied change), planned by the planner's restore against the objects as they
// are now, then checked and applied like any change, and recorded as kind `rollback`.
import type { RollbackBody, TrafficChangeResponse, TrafficHistoryResponse } from '../../../lib/api/traffic-change.js';
import { NotFoundError } from '../../errors.js';
import { planRestore } from '../plan-restore.js';
import type { RestoreTarget } from '../plan-types.js';
import { readAuditLog } from './audit-log.js';
import { runChange, type ServiceName, type TrafficDeps } from './change-traffic.js';

export async function rollbackTraffic(
  deps: TrafficDeps,
  service: ServiceName,
  body: RollbackBody,
  signal?: AbortSignal,
): Promise<TrafficChangeResponse> {
  const { entries } = await readAuditLog(deps.kube.shared, deps.auditNamespace, service, signal);
  const entry = body.to ? entries.find((e) => e.id === body.to) : entries.find((e) => e.result === 'applied');
  if (!entry)
    throw new NotFoundError(
      body.to
        ? `to: no change ${body.to} in the history of service ${service.name} in ${service.namespace}; pick an entry id from GET …/traffic/history`
        : `service ${service.name} in ${service.namespace} has no applied change to roll back`,
    );
  const target: RestoreTarget = {
    entryId: entry.id,
    objects: entry.objects.map(({ before, ...ref }) => ({ ref, before })),
  };
  return runChange(
    deps,
    service,
    {
      kind: 'rollback',
      dryRun: body.dryRun,
      resourceVersion: body.resourceVersion,
      plan: (input) => planRestore(input, target),
    },
    signal,
  );
}

/** The service's audit entries, newest first (read as the console: the log is its record, in its namespace); a log that cannot be read is said, not thrown (the panel greys). */
export async function trafficHistory(
  deps: Pick<TrafficDeps, 'kube' | 'auditNamespace'>,
  service: ServiceName,
  signal?: AbortSignal,
): Promise<TrafficHistoryResponse> {
  try {
    return await readAuditLog(deps.kube.shared, deps.auditNamespace, service, signal);
  } catch (err) {
    if (signal?.aborted) throw err;
    return {
      entries: [],
      dropped: 0,
      error: `the audit log (ConfigMap sextant-audit in ${deps.auditNamespace}) could not be read: ${(err as Error).message}`,
    };
  }
}
