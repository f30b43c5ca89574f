// An API group of kinds that are never stored, whose one verb is create (authentication.k8s.io's reviews,
// authorization.k8s.io's): its discovery entry, its APIGroup and APIResourceList documents, and the path of a POST
// to one of its kinds. A POST answers 201 with the request and its status filled in; the caller fills the status.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { methodNotSupported, notFoundPath } from './api-error.js';
import { sendJson } from './http-io.js';
import type { JsonObject } from './json-value.js';

export interface ReviewKind {
  resource: string;
  kind: string;
  singular: string;
}

export interface ReviewGroup {
  group: string;
  version: string;
  kinds: readonly ReviewKind[];
}

/** The group's place in discovery: cluster-scoped kinds whose one verb is create. */
export const discoveryOf = (g: ReviewGroup) => ({
  group: g.group,
  version: g.version,
  resources: g.kinds.map((k) => ({ ...k, namespaced: false, verbs: ['create'] })),
});

/**
 * Routes a request under /apis/{group}: null when the path is not in the group; 'served' when it was one of the
 * group's discovery documents (answered here); else the kind a POST creates. Other methods and paths are the API
 * server's 405 and 404.
 */
export function routeReviewGroup(
  g: ReviewGroup,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): ReviewKind | 'served' | null {
  const prefix = `/apis/${g.group}`;
  if (path !== prefix && !path.startsWith(`${prefix}/`)) return null;
  const method = req.method ?? 'GET';
  const rest = path.slice(prefix.length).split('/').filter(Boolean);
  if (rest.length === 0 || (rest.length === 1 && rest[0] === g.version)) {
    if (method !== 'GET') throw methodNotSupported(method, path);
    sendJson(res, 200, rest.length === 0 ? groupDocument(g) : resourceList(g));
    return 'served';
  }
  const found = rest[0] === g.version && rest.length === 2 ? g.kinds.find((k) => k.resource === rest[1]) : undefined;
  if (!found) throw notFoundPath();
  if (method !== 'POST') throw methodNotSupported(method, path);
  return found;
}

function groupDocument(g: ReviewGroup): JsonObject {
  const version = { groupVersion: `${g.group}/${g.version}`, version: g.version };
  return { kind: 'APIGroup', apiVersion: 'v1', name: g.group, versions: [version], preferredVersion: version };
}

function resourceList(g: ReviewGroup): JsonObject {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: `${g.group}/${g.version}`,
    resources: g.kinds.map((k) => ({
      name: k.resource,
      singularName: k.singular,
      namespaced: false,
      kind: k.kind,
      verbs: ['create'],
    })),
  };
}
