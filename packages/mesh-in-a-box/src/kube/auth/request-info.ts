import type { RequestAttributes } from './policy-rule.js';

// What a request asks, as k8s.io/apiserver pkg/endpoints/request/requestinfo.go reads it from the URL alone, before
// anything knows whether the resource exists: /api/v1/... and /apis/{group}/{version}/... with a resource are
// resource requests; everything else (/api, /apis/{group}/{version}, /version, /openapi/v3, /healthz) is a
// non-resource request whose verb is the method in lower case.

const VERB_BY_METHOD: Record<string, string> = {
  POST: 'create',
  GET: 'get',
  HEAD: 'get',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};
// A namespace's own subresources, not a namespaced resource named "status".
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function requestInfo(method: string, url: URL): RequestAttributes {
  const path = url.pathname;
  const nonResource: RequestAttributes = { resourceRequest: false, verb: method.toLowerCase(), path };
  let parts: string[];
  try {
    parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return nonResource;
  }
  let rest: string[];
  let group = '';
  if (parts[0] === 'api') rest = parts.slice(2);
  else if (parts[0] === 'apis') {
    group = parts[1] ?? '';
    rest = parts.slice(3);
  } else return nonResource;
  // /api/v1 and /apis/{group}/{version} themselves are discovery: non-resource.
  if (rest.length === 0 || (parts[0] === 'apis' && parts.length < 3)) return nonResource;
  let verb = VERB_BY_METHOD[method];
  if (!verb) return nonResource;
  // The deprecated /api/v1/watch/... paths.
  if (rest[0] === 'watch') {
    verb = 'watch';
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    // /namespaces/demo is the namespace demo itself, in its own namespace (so a RoleBinding there lets one read it).
    namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) rest = rest.slice(2);
  }
  const [resource = '', name, subresource] = rest;
  let requestName = name;
  if (verb === 'get' && ['true', '1'].includes(url.searchParams.get('watch') ?? '')) verb = 'watch';
  if (name === undefined) {
    if (verb === 'get') verb = 'list';
    if (verb === 'delete') verb = 'deletecollection';
  }
  if (verb === 'list' || verb === 'watch') {
    // A list or watch of one object by field selector is authorized as that object (requestinfo.go).
    const byName = /(?:^|,)metadata\.name==?([^,]+)/.exec(url.searchParams.get('fieldSelector') ?? '');
    if (byName && requestName === undefined) requestName = byName[1];
  }
  return {
    resourceRequest: true,
    verb,
    group,
    resource,
    ...(subresource ? { subresource } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(requestName !== undefined ? { name: requestName } : {}),
  };
}
