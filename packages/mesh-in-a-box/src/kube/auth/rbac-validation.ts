import type { KubeObject } from '../../store/kube-object.js';
import type { StatusCause } from '../api-error.js';
import type { PolicyRule } from './policy-rule.js';
import { RBAC_GROUP, type Subject } from './rbac-authorizer.js';

// What pkg/apis/rbac/validation checks on Roles, ClusterRoles and their bindings, as far as a person writing them
// with kubectl meets it: names are path segments (system:discovery is a valid name), rules need verbs and say what
// they apply to, a binding points at a role of a kind it may name and never changes that, subjects are known kinds.

const required = (field: string, detail: string): StatusCause => ({
  reason: 'FieldValueRequired',
  field,
  message: `Required value: ${detail}`,
});
const invalid = (field: string, value: unknown, detail: string): StatusCause => ({
  reason: 'FieldValueInvalid',
  field,
  message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
});
const unsupported = (field: string, value: unknown, supported: string[]): StatusCause => ({
  reason: 'FieldValueNotSupported',
  field,
  message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => `"${s}"`).join(', ')}`,
});

/** path.IsValidPathSegmentName, which RBAC names follow instead of DNS subdomains. */
export function pathSegmentNameProblems(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const problems: string[] = [];
  for (const c of ['/', '%']) if (name.includes(c)) problems.push(`may not contain '${c}'`);
  return problems;
}

function ruleCauses(rules: PolicyRule[], namespaced: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  rules.forEach((rule, i) => {
    const at = `rules[${i}]`;
    if (!rule.verbs?.length) causes.push(required(`${at}.verbs`, 'verbs must contain at least one value'));
    if (rule.nonResourceURLs?.length) {
      if (namespaced) {
        causes.push(
          invalid(`${at}.nonResourceURLs`, rule.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'),
        );
      }
      if (rule.apiGroups?.length || rule.resources?.length) {
        causes.push(
          invalid(
            `${at}.nonResourceURLs`,
            rule.nonResourceURLs,
            'rules cannot apply to both regular resources and non-resource URLs',
          ),
        );
      }
      return;
    }
    if (!rule.apiGroups?.length)
      causes.push(required(`${at}.apiGroups`, 'resource rules must supply at least one api group'));
    if (!rule.resources?.length)
      causes.push(required(`${at}.resources`, 'resource rules must supply at least one resource'));
  });
  return causes;
}

function bindingCauses(obj: KubeObject, existing: KubeObject | undefined): StatusCause[] {
  const causes: StatusCause[] = [];
  const cluster = obj.kind === 'ClusterRoleBinding';
  const ref = (obj.roleRef ?? {}) as { apiGroup?: string; kind?: string; name?: string };
  const kinds = cluster ? ['ClusterRole'] : ['Role', 'ClusterRole'];
  if (ref.apiGroup !== RBAC_GROUP) causes.push(unsupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  if (!kinds.includes(ref.kind ?? '')) causes.push(unsupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) causes.push(required('roleRef.name', ''));
  const before = existing?.roleRef as typeof ref | undefined;
  if (before && (before.apiGroup !== ref.apiGroup || before.kind !== ref.kind || before.name !== ref.name)) {
    // The validation prints the Go value (%#v), as kubectl shows it.
    const goValue = `rbac.RoleRef{APIGroup:"${ref.apiGroup ?? ''}", Kind:"${ref.kind ?? ''}", Name:"${ref.name ?? ''}"}`;
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'roleRef',
      message: `Invalid value: ${goValue}: cannot change roleRef`,
    });
  }
  ((obj.subjects as Subject[] | undefined) ?? []).forEach((subject, i) => {
    const at = `subjects[${i}]`;
    if (!subject.name) causes.push(required(`${at}.name`, ''));
    if (subject.kind === 'ServiceAccount') {
      if (cluster && !subject.namespace) causes.push(required(`${at}.namespace`, ''));
    } else if (subject.kind === 'User' || subject.kind === 'Group') {
      if (subject.apiGroup !== RBAC_GROUP)
        causes.push(unsupported(`${at}.apiGroup`, subject.apiGroup ?? '', [RBAC_GROUP]));
    } else {
      causes.push(unsupported(`${at}.kind`, subject.kind ?? '', ['ServiceAccount', 'User', 'Group']));
    }
  });
  return causes;
}

/** The causes of a 422 for an RBAC object, empty when it is valid. */
export function rbacCauses(obj: KubeObject, existing: KubeObject | undefined): StatusCause[] {
  const causes = pathSegmentNameProblems(obj.metadata.name ?? '').map((p) =>
    invalid('metadata.name', obj.metadata.name, p),
  );
  if (obj.kind === 'Role' || obj.kind === 'ClusterRole') {
    causes.push(...ruleCauses((obj.rules as PolicyRule[] | undefined) ?? [], obj.kind === 'Role'));
  } else {
    causes.push(...bindingCauses(obj, existing));
  }
  return causes;
}
