// A traffic change end to end: read fresh, plan, check, and (without dryRun) write and record. Nothing is written
// without a plan that was shown: the body carries the plan's token, the plan is made again from the cluster as it is,
// and a token that differs is "changed since you looked" (409) with nothing written. A change with an error finding is
// refused (422), a write the user may not make too (403). A rollback is the same path with the planner's restore.
import type {
  AuditEntry,
  TrafficChangeBody,
  TrafficChangeResponse,
  TrafficFinding,
} from '../../../lib/api/traffic-change.js';
import { InputError, KubernetesError, RefusedError } from '../../errors.js';
import type { KubernetesSource } from '../../sources/kubernetes.js';
import {
  KubernetesConflictError,
  KubernetesWriteError,
  kubernetesWrites,
  type KubernetesWrites,
} from '../../sources/kubernetes-writes.js';
import type { Validator } from '../../validation/engine.js';
import { gitopsWarnings } from '../gitops-warnings.js';
import { planTraffic } from '../plan-traffic.js';
import { buildPlanToken, comparePlanTokens } from '../plan-token.js';
import type { PlanInput, PlanResult } from '../plan-types.js';
import { appendAuditEntry, newEntryId } from './audit-log.js';
import { checkPlan } from './check-plan.js';
import { readPlanInput } from './read-plan-input.js';
import { freshIndex, writeBodies } from './write-bodies.js';
import { restoreSentence, writePlan } from './write-plan.js';

export interface TrafficDeps {
  kube: KubernetesSource;
  writes: KubernetesWrites;
  validator: Validator;
  /** The console's namespace, where the audit log lives (config audit.namespace). */
  auditNamespace: string;
}

export interface ServiceName {
  namespace: string;
  name: string;
}

export interface ChangeRequest {
  kind: AuditEntry['kind'];
  dryRun: boolean;
  resourceVersion: string | undefined;
  plan: (input: PlanInput) => PlanResult;
}

/** Who made the change, until login lands (issue 21): the kubeconfig's user. */
/** Who a change is recorded as made by: the person logged in, else the console's own kubeconfig user. */
export const whoOf = (kube: KubernetesSource) =>
  kube.actingFor === 'console' ? `kubeconfig user ${kube.user} (context ${kube.cluster})` : kube.actingFor.person;

export function changeTraffic(
  deps: TrafficDeps,
  service: ServiceName,
  body: TrafficChangeBody,
  signal?: AbortSignal,
): Promise<TrafficChangeResponse> {
  const { dryRun, resourceVersion, ...intent } = body;
  return runChange(
    deps,
    service,
    { kind: 'change', dryRun, resourceVersion, plan: (input) => planTraffic(input, intent) },
    signal,
  );
}

type Warning = TrafficChangeResponse['warnings'][number];

export async function runChange(
  deps: TrafficDeps,
  service: ServiceName,
  request: ChangeRequest,
  signal?: AbortSignal,
): Promise<TrafficChangeResponse> {
  if (!request.dryRun && !request.resourceVersion)
    throw new InputError(
      'resourceVersion: required to apply (dryRun: false); send the plan.resourceVersion of the plan you reviewed (plan it first with dryRun: true)',
    );
  const input = await readPlanInput(deps.kube, service.namespace, service.name, signal);
  const result = request.plan(input);
  if (!result.ok)
    throw new RefusedError(422, 'invalid_change', result.problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  const plan = result.plan;
  const fresh = freshIndex([
    ...input.virtualServices,
    ...input.destinationRules,
    ...input.httpRoutes,
    ...input.grpcRoutes,
  ]);
  if (!request.dryRun) {
    const compared = comparePlanTokens(request.resourceVersion!, plan.resourceVersion);
    if (!compared.ok) throw new InputError(compared.message);
    if (!compared.same)
      throw new RefusedError(
        409,
        'conflict',
        `changed since you looked: ${compared.changed.map((c) => `${c.kind} ${c.namespace}/${c.name}`).join(', ')} changed after the plan you reviewed; nothing was written. Review the new plan and apply again`,
      );
  }
  const checks = await checkPlan(plan, fresh, deps.writes, deps.validator, signal);
  const warnings: Warning[] = gitopsWarnings(input, plan);
  if (checks.access.unknown && checks.access.reason)
    warnings.push({ kind: 'access', message: checks.access.reason, object: null });
  const writes = writeBodies(plan, fresh);
  if (writes.length === 0)
    warnings.push({ kind: 'no-change', message: 'this change does nothing: the routing is already so', object: null });
  const response: TrafficChangeResponse = {
    plan,
    findings: checks.findings,
    warnings,
    access: { allowed: checks.access.allowed, reason: checks.access.allowed ? null : checks.access.reason },
  };
  if (request.dryRun || writes.length === 0) return response;
  if (checks.blocking.length > 0) throw new RefusedError(422, 'findings', findingsSentence(checks.blocking));
  if (!checks.access.allowed) throw new RefusedError(403, 'forbidden', checks.access.reason ?? 'not allowed');

  const outcome = await writePlan(deps.writes, writes, signal);
  const entry: AuditEntry = {
    id: newEntryId(),
    time: new Date().toISOString(),
    user: whoOf(deps.kube),
    service,
    intent: plan.summary.join('; '),
    kind: request.kind,
    objects: plan.objects
      .filter((o) => o.action !== 'unchanged')
      .map((o) => ({
        apiVersion: o.apiVersion,
        kind: o.kind,
        namespace: o.namespace,
        name: o.name,
        before: o.before,
        after: o.after,
      })),
    result: outcome.ok ? 'applied' : outcome.error instanceof KubernetesConflictError ? 'conflict' : 'failed',
    message: outcome.ok ? null : `${(outcome.error as Error).message}; ${restoreSentence(outcome)}`,
  };
  // The audit log is the console's record, written with its own rights (deploy/rbac/audit/audit-binding.yaml): a person who
  // may change a VirtualService may not thereby rewrite the record of who changed it.
  const own = deps.kube.shared;
  const recorded = await appendAuditEntry(own, kubernetesWrites(own), deps.auditNamespace, entry).then(
    () => null,
    (err: unknown) =>
      `the audit log (ConfigMap sextant-audit in ${deps.auditNamespace}) could not be written: ${(err as Error).message}`,
  );
  if (!outcome.ok) {
    const message = `${(outcome.error as Error).message}; ${restoreSentence(outcome)}`;
    if (outcome.error instanceof KubernetesConflictError) throw new RefusedError(409, 'conflict', message);
    if (outcome.error instanceof KubernetesWriteError)
      throw new KubernetesWriteError(outcome.error.status, outcome.error.causes, message);
    if (outcome.error instanceof KubernetesError) throw new KubernetesWriteError(502, [], message);
    throw outcome.error;
  }
  if (recorded) response.warnings.push({ kind: 'other', message: recorded, object: null });
  const written = new Map(
    outcome.written.map((w) => [`${w.write.ref.kind}/${w.write.ref.namespace}/${w.write.ref.name}`, w]),
  );
  const token = buildPlanToken(
    plan.objects.map((o) => {
      const w = written.get(`${o.kind}/${o.namespace}/${o.name}`);
      const read = (o.before?.['metadata'] as { resourceVersion?: string } | undefined)?.resourceVersion ?? null;
      return {
        kind: o.kind,
        namespace: o.namespace,
        name: o.name,
        resourceVersion: w ? (w.result?.metadata.resourceVersion ?? null) : read,
      };
    }),
  );
  return { ...response, applied: { resourceVersion: token, entryId: entry.id } };
}

function findingsSentence(blocking: TrafficFinding[]): string {
  const each = blocking.map(
    (f) =>
      `${f.object ? `${f.object.kind} ${f.object.namespace}/${f.object.name}` : ''}${f.path ? ` ${f.path}` : ''}: ${f.message} (${f.code})`,
  );
  return `the change was not applied: its checks found ${blocking.length === 1 ? 'an error' : `${blocking.length} errors`}: ${each.join('; ')}`;
}
