// Has anyone changed the run's routing since its last step? The run keeps the plan token (kind/namespace/name and
// resourceVersion of every object) of its last write; the same objects read now give another token, and any object
// whose resourceVersion moved, or that came or went, was changed by someone else: its managedFields name who.
import type { KubeObject } from '../../../sources/kubernetes.js';
import { latestAuthor } from '../../../changes/change-author.js';
import { FIELD_MANAGER, type ObjectRef, type PlanInput } from '../../plan-types.js';
import { buildPlanToken, comparePlanTokens, parsePlanToken } from '../../plan-token.js';

const keyOf = (o: { kind: string; namespace: string; name: string }) => `${o.kind}/${o.namespace}/${o.name}`;

function routingObjects(input: PlanInput): Map<string, KubeObject> {
  const all = [...input.virtualServices, ...input.destinationRules, ...input.httpRoutes, ...input.grpcRoutes];
  return new Map(
    all.map((o) => [
      keyOf({ kind: o.kind ?? '', namespace: o.metadata.namespace ?? input.namespace, name: o.metadata.name }),
      o,
    ]),
  );
}

/** The token of these objects as read now (the run's objects when it has no token yet). */
export function tokenNow(input: PlanInput, refs: readonly Pick<ObjectRef, 'kind' | 'namespace' | 'name'>[]): string {
  const now = routingObjects(input);
  return buildPlanToken(
    refs.map((r) => ({
      kind: r.kind,
      namespace: r.namespace,
      name: r.name,
      resourceVersion: now.get(keyOf(r))?.metadata.resourceVersion ?? null,
    })),
  );
}

/** Who wrote the object last: another manager than Sextant's when one wrote at the same second. */
function changedBy(object: KubeObject | undefined): string {
  if (!object) return 'someone (it was deleted)';
  const latest = latestAuthor(object);
  if (!latest) return 'someone';
  if (latest.manager !== FIELD_MANAGER) return latest.manager;
  const entries = (object.metadata['managedFields'] ?? []) as {
    manager?: string;
    time?: string;
    subresource?: string;
  }[];
  const other = entries.find(
    (e) =>
      e.manager &&
      e.manager !== FIELD_MANAGER &&
      e.subresource !== 'status' &&
      Math.floor(Date.parse(e.time ?? '') / 1000) === latest.time,
  );
  return other?.manager ?? 'someone';
}

/**
 * null when the objects are as the run's last step left them; otherwise the pause's reason, naming the first object
 * that changed and the manager that changed it.
 */
export function routingChangedSince(lastToken: string, input: PlanInput): string | null {
  const refs = parsePlanToken(lastToken);
  if (!refs) return null; // not a token this console wrote: nothing to compare, the write path still checks
  const compared = comparePlanTokens(lastToken, tokenNow(input, refs));
  if (!compared.ok || compared.same) return null;
  const first = compared.changed[0]!;
  const who = changedBy(routingObjects(input).get(keyOf(first)));
  return `${first.kind} ${first.namespace}/${first.name} was changed by ${who} since the last step; paused so as not to overwrite it: resume to go on from the routing as it is`;
}
