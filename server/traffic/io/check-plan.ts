// The checks of a plan before anything is written: the validation rules on the objects after the change (only the
// errors the change itself brings block it), a server-side dry-run of every write (the API server's own validation
// and admission: a refusal is an error finding in its words), and the user's right to make each write
// (SelfSubjectAccessReview). GitOps ownership is a warning (gitops-warnings.ts).
import type { ObjectRef, Plan, PlannedObject, TrafficFinding } from '../../../lib/api/traffic-change.js';
import type { KubeObject } from '../../sources/kubernetes.js';
import {
  groupOf,
  KubernetesConflictError,
  KubernetesWriteError,
  resourceOf,
  type AccessQuestion,
  type KubernetesWrites,
} from '../../sources/kubernetes-writes.js';
import { validatePlanned, type Validator } from '../../validation/engine.js';
import type { Finding, K8sObject } from '../../validation/types.js';
import { writeBodies } from './write-bodies.js';

export interface PlanChecks {
  findings: TrafficFinding[];
  /** Error findings the change brings (not those the objects already had): any blocks the apply. */
  blocking: TrafficFinding[];
  access: { allowed: boolean; reason: string | null; unknown: boolean };
}

export const refOf = (o: PlannedObject): ObjectRef => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  namespace: o.namespace,
  name: o.name,
});

const findingKey = (f: Finding) => `${f.ruleId}|${f.object.kind}|${f.object.namespace}|${f.object.name}|${f.path}`;

/** The validation findings of the objects after the change, and which errors are new with it. */
export function validationFindings(
  plan: Plan,
  validator: Validator,
): { findings: TrafficFinding[]; blocking: TrafficFinding[] } {
  const changed = plan.objects.filter((o) => o.action !== 'unchanged');
  const after = changed.flatMap((o) => (o.after ? [o.after as unknown as K8sObject] : []));
  const before = changed.flatMap((o) => (o.before ? [o.before as unknown as K8sObject] : []));
  if (after.length === 0) return { findings: [], blocking: [] };
  const had = new Set(validatePlanned(before, validator).map(findingKey));
  const apiVersionOf = (f: Finding) =>
    plan.objects.find((o) => o.kind === f.object.kind && o.name === f.object.name)?.apiVersion ?? '';
  const findings: TrafficFinding[] = [];
  const blocking: TrafficFinding[] = [];
  for (const f of validatePlanned(after, validator)) {
    const finding: TrafficFinding = {
      severity: f.severity,
      code: f.code ?? f.ruleId,
      object: { apiVersion: apiVersionOf(f), ...f.object },
      path: f.path || null,
      message: f.message,
      fix: null,
    };
    findings.push(finding);
    if (f.severity === 'error' && !had.has(findingKey(f))) blocking.push(finding);
  }
  return { findings, blocking };
}

/** Each write once with dryRun=All: the API server's refusal becomes an error finding with its own words and fields. */
export async function dryRunFindings(
  plan: Plan,
  fresh: ReadonlyMap<string, KubeObject>,
  writes: KubernetesWrites,
  signal?: AbortSignal,
): Promise<TrafficFinding[]> {
  const out: TrafficFinding[] = [];
  await Promise.all(
    writeBodies(plan, fresh).map(async (w) => {
      try {
        if (w.action === 'create') await writes.createObject(w.body!, { dryRun: true, signal });
        else if (w.action === 'update') await writes.updateObject(w.body!, { dryRun: true, signal });
        else await writes.deleteObject(w.ref, w.resourceVersion, { dryRun: true, signal });
      } catch (err) {
        if (!(err instanceof KubernetesWriteError || err instanceof KubernetesConflictError)) throw err;
        // A forbidden write is the access review's to say (with the verb and object), not a finding.
        if (err instanceof KubernetesWriteError && err.status === 403) return;
        const causes = err instanceof KubernetesWriteError ? err.causes : [];
        if (causes.length === 0)
          out.push({ severity: 'error', code: 'dry-run', object: w.ref, path: null, message: err.message, fix: null });
        for (const c of causes)
          out.push({
            severity: 'error',
            code: 'dry-run',
            object: w.ref,
            path: c.field,
            message: `${err.message.split(':')[0]}: ${c.message}`,
            fix: null,
          });
      }
    }),
  );
  return out;
}

const VERB = { create: 'create', update: 'update', delete: 'delete' } as const;

/** One access review per write (update, create, or delete for a rollback): all must be allowed. */
export async function accessOf(
  plan: Plan,
  writes: KubernetesWrites,
  signal?: AbortSignal,
): Promise<{ allowed: boolean; reason: string | null; unknown: boolean }> {
  const questions: AccessQuestion[] = plan.objects
    .filter((o) => o.action !== 'unchanged')
    .map((o) => ({
      verb: VERB[o.action as keyof typeof VERB],
      group: groupOf(o.apiVersion),
      resource: resourceOf(o.kind),
      namespace: o.namespace,
      // A create names no object yet: RBAC grants create on the resource (resourceNames cannot restrict it).
      ...(o.action === 'create' ? {} : { name: o.name }),
    }));
  const answers = await Promise.all(questions.map((q) => writes.accessReview(q, { signal })));
  const denied = answers.filter((a) => !a.allowed);
  if (denied.length > 0)
    return { allowed: false, reason: denied.map((a) => a.reason).join('; '), unknown: denied.some((a) => a.unknown) };
  const unknown = answers.find((a) => a.unknown);
  return { allowed: true, reason: unknown?.reason ?? null, unknown: unknown !== undefined };
}

/** Every check of a plan, in parallel. */
export async function checkPlan(
  plan: Plan,
  fresh: ReadonlyMap<string, KubeObject>,
  writes: KubernetesWrites,
  validator: Validator,
  signal?: AbortSignal,
): Promise<PlanChecks> {
  const validation = validationFindings(plan, validator);
  const [dryRun, access] = await Promise.all([
    dryRunFindings(plan, fresh, writes, signal),
    accessOf(plan, writes, signal),
  ]);
  return {
    findings: [...dryRun, ...validation.findings],
    blocking: [...dryRun, ...validation.blocking],
    access,
  };
}
