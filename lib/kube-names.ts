// The names Kubernetes accepts, checked where they come in (URL paths, query parameters, configuration) so that a bad
// one is refused with a sentence instead of reaching the cache or the API. The rules are the API server's own
// (k8s.io/apimachinery/pkg/util/validation/validation.go): a namespace name is an RFC 1123 label (IsDNS1123Label,
// at most 63 characters), most object names an RFC 1123 subdomain (IsDNS1123Subdomain, at most 253).
import { z } from 'zod';

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL = new RegExp(`^${LABEL}$`);
export const DNS1123_SUBDOMAIN = new RegExp(`^${LABEL}(\\.${LABEL})*$`);

export const namespaceName = z
  .string()
  .regex(
    DNS1123_LABEL,
    "a namespace name: lower case alphanumeric characters or '-', starting and ending with an alphanumeric character",
  )
  .max(63, 'a namespace name: at most 63 characters');

export const objectName = z
  .string()
  .regex(
    DNS1123_SUBDOMAIN,
    "a Kubernetes object name: lower case alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character",
  )
  .max(253, 'a Kubernetes object name: at most 253 characters');
