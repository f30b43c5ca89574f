// The console's two validation views, from the live validator.
import {
  countedNamespace,
  type Finding,
  type ObjectValidations,
  type ValidationsResponse,
} from '../../../lib/api/validations.js';
import { requireNamespace } from '../../sources/kube-cache.js';
import type { Sources } from '../../sources/sources.js';
import type { CachedKind } from '../../sources/watched-kinds.js';
import { identity } from '../entries.js';
import type { LiveValidators } from './live-validator.js';

/**
 * The validator is the cluster's, shared by everyone: a person is shown an object when their view of the cache holds
 * it (they may get it), so counts never include what kubectl would not show them.
 */
function seenBy(sources: Sources, e: { kind: string; namespace: string; name: string }): boolean {
  if (!sources.access.restricted) return true;
  return (
    sources.kubernetes.get(e.kind as CachedKind, e.kind === 'Namespace' ? undefined : e.namespace, e.name) !== undefined
  );
}

export function listValidations(
  sources: Sources,
  validators: LiveValidators,
  q: { namespace?: string; findings?: boolean },
): ValidationsResponse {
  if (q.namespace) requireNamespace(sources.kubernetes, q.namespace);
  const validator = validators.validatorOf(sources.kubernetes);
  const objects = new Map<string, ValidationsResponse['objects'][number]>();
  const namespaces = new Map<string, ValidationsResponse['namespaces'][number]>();
  const findings: Finding[] = [];
  for (const e of validator.index.entries.values()) {
    const ns = countedNamespace(e);
    if (q.namespace && ns !== q.namespace) continue;
    if (!seenBy(sources, e)) continue;
    let summary = namespaces.get(ns);
    if (!summary) namespaces.set(ns, (summary = { namespace: ns, objectCount: 0, errors: 0, warnings: 0, infos: 0 }));
    summary.objectCount++;
    for (const f of validator.findingsFor(e.id)) {
      let o = objects.get(e.id);
      if (!o) objects.set(e.id, (o = { ...f.object, errors: 0, warnings: 0, infos: 0 }));
      const key = f.severity === 'error' ? 'errors' : f.severity === 'warning' ? 'warnings' : 'infos';
      o[key]++;
      summary[key]++;
      if (q.findings) findings.push(f);
    }
  }
  return {
    namespaces: [...namespaces.values()].sort((a, b) => a.namespace.localeCompare(b.namespace)),
    objects: [...objects.values()],
    ...(q.findings ? { findings } : {}),
  };
}

export function objectValidations(
  sources: Sources,
  validators: LiveValidators,
  target: { namespace: string; kind: string; name: string },
): ObjectValidations {
  const { namespace, kind, name } = target;
  requireNamespace(sources.kubernetes, namespace);
  const validator = validators.validatorOf(sources.kubernetes);
  if (!seenBy(sources, { kind, namespace, name })) return { object: { kind, namespace, name }, findings: [] };
  return { object: { kind, namespace, name }, findings: validator.findingsFor(identity(kind, namespace, name)) };
}
