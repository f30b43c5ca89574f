import type { ResourceType } from '../store/resource-types.js';
import { RESOURCE_TYPES } from '../store/resource-types.js';

/** A request for objects of one kind: the parts of the URL the handlers act on. */
export interface ResourceRequest {
  type: ResourceType;
  group: string;
  version: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** For pods/proxy: what follows '/proxy', starting with '/' (may be just '/'). */
  proxyPath?: string;
}

export type ParsedPath =
  | { kind: 'resource'; request: ResourceRequest }
  | { kind: 'groupVersion'; group: string; version: string } // APIResourceList
  | { kind: 'group'; group: string } // APIGroup
  | { kind: 'notFound' };

// Kubernetes treats these as subresources of a namespace, not as a namespaced resource called "status".
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

const typesByGroupResource = new Map(RESOURCE_TYPES.map((t) => [`${t.group}/${t.resource}`, t]));
const servedGroups = new Set(RESOURCE_TYPES.map((t) => t.group));

function servesVersion(group: string, version: string): boolean {
  return RESOURCE_TYPES.some((t) => t.group === group && t.versions.includes(version));
}

/** Reads /api/v1/... and /apis/{group}/{version}/... paths as the API server's request-info resolver does. */
export function parseRequestPath(pathname: string): ParsedPath {
  let parts: string[];
  try {
    parts = pathname
      .split('/')
      .filter((p) => p !== '')
      .map(decodeURIComponent);
  } catch {
    return { kind: 'notFound' };
  }
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) {
    [group, version, rest] = ['', parts[1]!, parts.slice(2)];
  } else if (parts[0] === 'apis' && parts.length >= 2) {
    if (!servedGroups.has(parts[1]!) || parts[1] === '') return { kind: 'notFound' };
    if (parts.length === 2) return { kind: 'group', group: parts[1]! };
    [group, version, rest] = [parts[1]!, parts[2]!, parts.slice(3)];
  } else {
    return { kind: 'notFound' };
  }
  if (!servesVersion(group, version)) return { kind: 'notFound' };
  if (rest.length === 0) return { kind: 'groupVersion', group, version };

  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const type = typesByGroupResource.get(`${group}/${rest[0]}`);
  if (!type || !type.versions.includes(version)) return { kind: 'notFound' };
  if (namespace !== undefined && !type.namespaced) return { kind: 'notFound' };
  const [, name, subresource] = rest;
  const request: ResourceRequest = { type, group, version, namespace, name, subresource };
  if (subresource === 'proxy') {
    request.proxyPath = '/' + rest.slice(3).join('/');
  } else if (rest.length > 3) {
    return { kind: 'notFound' };
  }
  if (subresource !== undefined && !(type.subresources ?? []).includes(subresource)) return { kind: 'notFound' };
  // A namespaced kind is read by name only inside its namespace: /api/v1/pods/x is no path.
  if (type.namespaced && namespace === undefined && name !== undefined) return { kind: 'notFound' };
  return { kind: 'resource', request };
}
