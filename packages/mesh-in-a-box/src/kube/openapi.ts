import { isBuiltIn, RESOURCE_TYPES } from '../store/resource-types.js';
import { servedGroups } from './discovery.js';

// kubectl 1.32 validates manifests before it sends them. It asks /openapi/v3 whether each kind's PATCH operation takes
// the fieldValidation parameter; when it does, kubectl sends fieldValidation=Strict and validates nothing itself.
// Without these documents `kubectl apply` stops with "failed to download openapi" unless given --validate=false.
// So each document lists, per kind, the operations with their x-kubernetes-group-version-kind and parameters, and
// no schemas: kubectl's client-side apply then computes strategic merge patches from its compiled-in types, as it
// does for any server whose OpenAPI lacks them, and JSON merge patches for the Istio kinds.

const pathKey = (group: string, version: string) => (group ? `apis/${group}/${version}` : `api/${version}`);

export function openApiV3Root(): Record<string, unknown> {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const group of servedGroups()) {
    for (const version of group.versions) {
      const key = pathKey(group.name, version);
      paths[key] = { serverRelativeURL: `/openapi/v3/${key}` };
    }
  }
  return { paths };
}

const queryParam = (name: string) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });
const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation'].map(queryParam);
const PATH_PARAMS = [
  { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
  { name: 'namespace', in: 'path', required: true, schema: { type: 'string' } },
];

/** The OpenAPI v3 document of one group-version ("api/v1", "apis/networking.istio.io/v1"), or undefined. */
export function openApiV3GroupVersion(key: string): Record<string, unknown> | undefined {
  const paths: Record<string, unknown> = {};
  for (const type of RESOURCE_TYPES) {
    for (const version of type.versions) {
      if (pathKey(type.group, version) !== key) continue;
      const gvk = { group: type.group, version, kind: type.kind };
      const builtIn = isBuiltIn(type);
      const patchTypes = [
        'application/json-patch+json',
        'application/merge-patch+json',
        ...(builtIn ? ['application/strategic-merge-patch+json'] : []),
        'application/apply-patch+yaml',
      ];
      const body = (types: string[]) => ({ content: Object.fromEntries(types.map((t) => [t, { schema: {} }])) });
      const ok = { 200: { description: 'OK' } };
      const item = type.namespaced ? `namespaces/{namespace}/${type.resource}/{name}` : `${type.resource}/{name}`;
      paths[`/${key}/${item}`] = {
        get: {
          operationId: `read${type.kind}`,
          responses: ok,
          'x-kubernetes-action': 'get',
          'x-kubernetes-group-version-kind': gvk,
        },
        put: {
          operationId: `replace${type.kind}`,
          parameters: WRITE_PARAMS,
          requestBody: body(['application/json', 'application/yaml']),
          responses: ok,
          'x-kubernetes-action': 'put',
          'x-kubernetes-group-version-kind': gvk,
        },
        patch: {
          operationId: `patch${type.kind}`,
          parameters: [...WRITE_PARAMS, queryParam('force')],
          requestBody: body(patchTypes),
          responses: ok,
          'x-kubernetes-action': 'patch',
          'x-kubernetes-group-version-kind': gvk,
        },
        delete: {
          operationId: `delete${type.kind}`,
          responses: ok,
          'x-kubernetes-action': 'delete',
          'x-kubernetes-group-version-kind': gvk,
        },
        parameters: type.namespaced ? PATH_PARAMS : PATH_PARAMS.slice(0, 1),
      };
    }
  }
  if (Object.keys(paths).length === 0) return undefined;
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes (mesh in a box)', version: 'v1.32.0' },
    paths,
    components: { schemas: {} },
  };
}
