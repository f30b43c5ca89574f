import { ApiError } from '../api-error.js';
import type { RequestAttributes } from './policy-rule.js';

// The API server's 403 (k8s.io/apiserver pkg/endpoints/handlers/responsewriters/errors.go forbiddenMessage, through
// apimachinery errors.NewForbidden): `pods "x" is forbidden: User "u" cannot get resource "pods/log" in API group ""
// in the namespace "demo"`, the authorizer's reason after a colon when it gave one.

export function forbiddenError(username: string, a: RequestAttributes, reason = ''): ApiError {
  const why = reason ? `: ${reason}` : '';
  if (!a.resourceRequest) {
    return new ApiError(403, 'Forbidden', `forbidden: User "${username}" cannot ${a.verb} path "${a.path}"${why}`, {});
  }
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const where = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  const detail = `User "${username}" cannot ${a.verb} resource "${resource}" in API group "${a.group}" ${where}${why}`;
  const qualified = a.group ? `${a.resource}.${a.group}` : a.resource;
  const message = a.name ? `${qualified} "${a.name}" is forbidden: ${detail}` : `${qualified} is forbidden: ${detail}`;
  return new ApiError(403, 'Forbidden', message, {
    ...(a.name ? { name: a.name } : {}),
    ...(a.group ? { group: a.group } : {}),
    kind: a.resource,
  });
}
