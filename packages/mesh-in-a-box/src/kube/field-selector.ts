import type { KubeObject } from '../store/kube-object.js';
import type { ResourceType } from '../store/resource-types.js';
import { badRequest } from './api-error.js';

export type ObjectPredicate = (obj: KubeObject) => boolean;

type FieldReader = (obj: KubeObject) => string | undefined;

const COMMON: Record<string, FieldReader> = {
  'metadata.name': (o) => o.metadata.name,
  'metadata.namespace': (o) => o.metadata.namespace ?? '',
};

// The extra fields the real API server lets each kind be selected by (pkg/registry/*/strategy.go, ToSelectableFields).
const BY_KIND: Record<string, Record<string, FieldReader>> = {
  Pod: {
    'spec.nodeName': (o) => o.spec?.nodeName ?? '',
    'spec.restartPolicy': (o) => o.spec?.restartPolicy ?? '',
    'spec.schedulerName': (o) => o.spec?.schedulerName ?? '',
    'spec.serviceAccountName': (o) => o.spec?.serviceAccountName ?? '',
    'status.phase': (o) => o.status?.phase ?? '',
    'status.podIP': (o) => o.status?.podIP ?? '',
    'status.nominatedNodeName': (o) => o.status?.nominatedNodeName ?? '',
  },
  Event: {
    'involvedObject.kind': (o) => (o.involvedObject as { kind?: string } | undefined)?.kind ?? '',
    'involvedObject.name': (o) => (o.involvedObject as { name?: string } | undefined)?.name ?? '',
    'involvedObject.namespace': (o) => (o.involvedObject as { namespace?: string } | undefined)?.namespace ?? '',
    'involvedObject.uid': (o) => (o.involvedObject as { uid?: string } | undefined)?.uid ?? '',
    reason: (o) => (o.reason as string | undefined) ?? '',
    type: (o) => (o.type as string | undefined) ?? '',
  },
  Namespace: { 'status.phase': (o) => o.status?.phase ?? '' },
  Secret: { type: (o) => (o.type as string | undefined) ?? '' },
  ReplicaSet: { 'status.replicas': (o) => String(o.status?.replicas ?? 0) },
};

/** Parses a fieldSelector query parameter (a=b, a==b, a!=b, comma-joined); a field the kind lacks is a 400. */
export function parseFieldSelector(selector: string | null | undefined, type: ResourceType): ObjectPredicate {
  if (!selector || selector.trim() === '') return () => true;
  const fields = { ...COMMON, ...BY_KIND[type.kind] };
  const tests = selector.split(',').map((term) => {
    const m = /^\s*([^!=\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(term);
    if (!m) throw badRequest(`invalid selector: '${selector}'; can't understand '${term}'`);
    const [, field, op, value] = m as unknown as [string, string, string, string];
    const read = fields[field];
    if (!read) throw badRequest(`field label not supported: ${field}`);
    return (obj: KubeObject) => (read(obj) === value) === (op !== '!=');
  });
  return (obj) => tests.every((t) => t(obj));
}
