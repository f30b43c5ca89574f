import { z } from 'zod';
import type { KubeObject } from '../store/kube-object.js';
import { isBuiltIn, type ResourceType } from '../store/resource-types.js';
import { ApiError, type StatusCause } from './api-error.js';
import { RBAC_GROUP } from './auth/rbac-authorizer.js';
import { rbacCauses } from './auth/rbac-validation.js';
import { configMapCauses } from './configmap-rules.js';
import { BUILT_IN_SPECS, ISTIO_SPECS } from './istio-schemas.js';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

// Kubernetes names namespaces and services by DNS-1123 labels (they become DNS names); everything else by subdomains.
const LABEL_NAMED = new Set(['Namespace', 'Service']);

function formatValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? 'null');
}

const invalid = (field: string, value: unknown, detail: string): StatusCause => ({
  reason: 'FieldValueInvalid',
  field,
  message: `Invalid value: ${formatValue(value)}: ${detail}`,
});

function checkQualifiedKey(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : '';
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (slash >= 0 && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)))
    return 'prefix part must be a lowercase RFC 1123 subdomain';
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

function metadataCauses(obj: KubeObject, type: ResourceType): StatusCause[] {
  const causes: StatusCause[] = [];
  const { name, labels, annotations } = obj.metadata;
  // RBAC objects are named by path segments (rbacCauses checks them): "system:discovery" is a valid name.
  if (typeof name === 'string' && name !== '' && type.group !== RBAC_GROUP) {
    const labelNamed = LABEL_NAMED.has(type.kind) && type.group === '';
    const ok = labelNamed
      ? name.length <= 63 && DNS1123_LABEL.test(name)
      : name.length <= 253 && DNS1123_SUBDOMAIN.test(name);
    if (!ok) {
      const what = labelNamed ? 'RFC 1123 label' : 'RFC 1123 subdomain';
      causes.push(
        invalid(
          'metadata.name',
          name,
          `a lowercase ${what} must consist of lower case alphanumeric characters, '-'${labelNamed ? '' : " or '.'"}, and must start and end with an alphanumeric character`,
        ),
      );
    }
  }
  for (const [key, value] of Object.entries(labels ?? {})) {
    const keyProblem = checkQualifiedKey(key);
    if (keyProblem) causes.push(invalid('metadata.labels', key, keyProblem));
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
      causes.push(
        invalid(
          `metadata.labels`,
          value,
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        ),
      );
    }
  }
  for (const key of Object.keys(annotations ?? {})) {
    const keyProblem = checkQualifiedKey(key.toLowerCase());
    if (keyProblem) causes.push(invalid('metadata.annotations', key, keyProblem));
  }
  return causes;
}

function pathText(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let node = root;
  for (const p of path) node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[p] : undefined;
  return node;
}

function specCauses(obj: KubeObject, schema: z.ZodType): StatusCause[] {
  const result = schema.safeParse(obj.spec ?? {});
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const path = ['spec', ...issue.path];
    const field = pathText(path);
    const value = valueAt(obj, path);
    if (value === undefined) return { reason: 'FieldValueRequired', field, message: 'Required value' };
    if (issue.code === 'invalid_value') {
      const supported = issue.values.map((v) => JSON.stringify(v)).join(', ');
      return {
        reason: 'FieldValueNotSupported',
        field,
        message: `Unsupported value: ${formatValue(value)}: supported values: ${supported}`,
      };
    }
    return invalid(field, value, issue.message);
  });
}

/**
 * Checks an object before it is stored, as the API server's validation and the CRDs' OpenAPI schemas would; a
 * refusal is a 422 Invalid Status naming each bad field (kubectl prints them one per line).
 */
export function validateObject(obj: KubeObject, type: ResourceType, existing?: KubeObject): void {
  const specSchema = type.group.endsWith('istio.io')
    ? ISTIO_SPECS[type.kind]
    : isBuiltIn(type)
      ? BUILT_IN_SPECS[type.kind]
      : undefined;
  const causes = [...metadataCauses(obj, type), ...(specSchema ? specCauses(obj, specSchema) : [])];
  if (type.group === '' && type.kind === 'ConfigMap') causes.push(...configMapCauses(obj, existing));
  if (type.group === RBAC_GROUP) causes.push(...rbacCauses(obj, existing));
  if (causes.length === 0) return;
  const qualifiedKind = type.group ? `${type.kind}.${type.group}` : type.kind;
  const list = causes.map((c) => `${c.field}: ${c.message}`);
  const text = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  throw new ApiError(422, 'Invalid', `${qualifiedKind} "${obj.metadata.name}" is invalid: ${text}`, {
    name: obj.metadata.name,
    group: type.group,
    kind: type.kind,
    causes,
  });
}
