import type { KubeObject } from '../store/kube-object.js';
import type { ResourceType } from '../store/resource-types.js';
import { tableColumnsFor } from './table-columns.js';

export const apiVersionOf = (group: string, version: string) => (group ? `${group}/${version}` : version);

/** A stored object as one served version shows it: every served version of a kind shares one stored schema. */
export function servedObject(obj: KubeObject, type: ResourceType, version: string): KubeObject {
  return { ...obj, apiVersion: apiVersionOf(type.group, version), kind: type.kind };
}

export const partialObjectMetadata = (obj: KubeObject) => ({
  kind: 'PartialObjectMetadata',
  apiVersion: 'meta.k8s.io/v1',
  metadata: obj.metadata,
});

export type ResponseForm = 'table' | 'partial' | 'object';

/**
 * What the client asked for in Accept: kubectl asks `application/json;as=Table;v=v1;g=meta.k8s.io, ...` for
 * printing and `as=PartialObjectMetadata(List)` when it needs names only; the first form this server knows wins.
 */
export function responseFormOf(accept: string | undefined): ResponseForm {
  for (const choice of (accept ?? '').split(',')) {
    if (/as=Table/.test(choice) && /g=meta\.k8s\.io/.test(choice)) return 'table';
    if (/as=PartialObjectMetadata/.test(choice) && /g=meta\.k8s\.io/.test(choice)) return 'partial';
    if (/(application\/json|\*\/\*|application\/yaml)/.test(choice) && !/as=/.test(choice)) return 'object';
  }
  return 'object';
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableRequest {
  objects: KubeObject[];
  type: ResourceType;
  version: string;
  includeObject: IncludeObject;
  listMetadata: Record<string, unknown>;
  nowMs: number;
}

/** A meta.k8s.io/v1 Table of objects: what `kubectl get` prints, one row per object. */
export function toTable(request: TableRequest): Record<string, unknown> {
  const columns = tableColumnsFor(request.type.group, request.type.kind);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: request.listMetadata,
    columnDefinitions: columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description,
      priority: c.priority,
    })),
    rows: request.objects.map((obj) => ({
      cells: columns.map((c) => c.cell(obj, request.nowMs)),
      ...(request.includeObject === 'None'
        ? {}
        : {
            object:
              request.includeObject === 'Object'
                ? servedObject(obj, request.type, request.version)
                : partialObjectMetadata(obj),
          }),
    })),
  };
}
