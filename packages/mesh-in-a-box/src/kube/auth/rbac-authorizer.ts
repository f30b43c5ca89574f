import type { ObjectStore } from '../../store/object-store.js';
import { groupResource, type KubeObject } from '../../store/kube-object.js';
import { ruleAllows, type PolicyRule, type RequestAttributes } from './policy-rule.js';
import { serviceAccountUsername, type UserInfo } from './user-info.js';

// The RBAC authorizer over the stored Roles, ClusterRoles and bindings (plugin/pkg/auth/authorizer/rbac/rbac.go and
// pkg/registry/rbac/validation/rule_resolver.go): ClusterRoleBindings first, then the RoleBindings of the request's
// namespace; the first rule that allows wins; a binding whose role is missing adds an error to the denial's reason.

export const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const RBAC_GR = {
  roles: groupResource(RBAC_GROUP, 'roles'),
  clusterroles: groupResource(RBAC_GROUP, 'clusterroles'),
  rolebindings: groupResource(RBAC_GROUP, 'rolebindings'),
  clusterrolebindings: groupResource(RBAC_GROUP, 'clusterrolebindings'),
} as const;

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}
interface RoleRef {
  kind: string;
  name: string;
}

export interface Decision {
  allowed: boolean;
  /** "RBAC: allowed by …" when allowed; when denied, the missing roles' errors or ''. */
  reason: string;
}

export interface UserRules {
  rules: PolicyRule[];
  /** A binding's role that does not exist, as the rule resolver reports it. */
  errors: string[];
}

const rulesOf = (obj: KubeObject | undefined): PolicyRule[] => (obj?.rules as PolicyRule[] | undefined) ?? [];

function appliesTo(user: UserInfo, subject: Subject, bindingNamespace: string | undefined): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === user.username;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      // A RoleBinding's ServiceAccount subject without a namespace means one in the binding's namespace.
      const namespace = subject.namespace || bindingNamespace;
      return !!namespace && serviceAccountUsername(namespace, subject.name) === user.username;
    }
    default:
      return false;
  }
}

function describeSubject(s: Subject): string {
  return s.kind === 'ServiceAccount' && s.namespace ? `${s.kind} "${s.namespace}/${s.name}"` : `${s.kind} "${s.name}"`;
}

/** Answers "may this user do this?" and "what may this user do here?" from the RBAC objects in the store. */
export class RbacAuthorizer {
  constructor(readonly store: ObjectStore) {}

  authorize(user: UserInfo, a: RequestAttributes): Decision {
    const errors: string[] = [];
    const namespace = a.resourceRequest ? a.namespace : undefined;
    let allowedBy: string | undefined;
    this.visit(user, namespace, errors, (rules, source) => {
      if (!rules.some((rule) => ruleAllows(rule, a))) return false;
      allowedBy = source;
      return true;
    });
    if (allowedBy) return { allowed: true, reason: `RBAC: allowed by ${allowedBy}` };
    return { allowed: false, reason: rbacErrors(errors) };
  }

  /** Every rule the user holds in `namespace` (cluster-wide ones included), for SelfSubjectRulesReview. */
  rulesFor(user: UserInfo, namespace: string | undefined): UserRules {
    const errors: string[] = [];
    const rules: PolicyRule[] = [];
    this.visit(user, namespace, errors, (found) => {
      rules.push(...found);
      return false;
    });
    return { rules, errors };
  }

  /** Calls `visit` with the rules of each binding that applies, until it returns true. */
  private visit(
    user: UserInfo,
    namespace: string | undefined,
    errors: string[],
    visit: (rules: PolicyRule[], source: string) => boolean,
  ): void {
    for (const binding of this.store.list(RBAC_GR.clusterrolebindings)) {
      const subject = subjectsOf(binding).find((s) => appliesTo(user, s, undefined));
      if (!subject) continue;
      const ref = binding.roleRef as RoleRef;
      const role = ref.kind === 'ClusterRole' ? this.store.get(RBAC_GR.clusterroles, undefined, ref.name) : undefined;
      if (!role) {
        errors.push(missingRole(ref, undefined));
        continue;
      }
      const source = `ClusterRoleBinding "${binding.metadata.name}" of ClusterRole "${ref.name}" to ${describeSubject(subject)}`;
      if (visit(rulesOf(role), source)) return;
    }
    if (!namespace) return;
    for (const binding of this.store.list(RBAC_GR.rolebindings, namespace)) {
      const subject = subjectsOf(binding).find((s) => appliesTo(user, s, namespace));
      if (!subject) continue;
      const ref = binding.roleRef as RoleRef;
      const role =
        ref.kind === 'ClusterRole'
          ? this.store.get(RBAC_GR.clusterroles, undefined, ref.name)
          : ref.kind === 'Role'
            ? this.store.get(RBAC_GR.roles, namespace, ref.name)
            : undefined;
      if (!role) {
        errors.push(missingRole(ref, namespace));
        continue;
      }
      const source = `RoleBinding "${binding.metadata.name}/${namespace}" of ${ref.kind} "${ref.name}" to ${describeSubject(subject)}`;
      if (visit(rulesOf(role), source)) return;
    }
  }
}

const subjectsOf = (binding: KubeObject): Subject[] => (binding.subjects as Subject[] | undefined) ?? [];

// The store's NotFound wording for the role (k8s.io/apimachinery errors.NewNotFound on rbac's group-resource).
const missingRole = (ref: RoleRef, namespace: string | undefined) =>
  ref.kind === 'ClusterRole' || !namespace
    ? `clusterrole.${RBAC_GROUP} "${ref.name}" not found`
    : `role.${RBAC_GROUP} "${ref.name}" not found`;

// utilerrors.NewAggregate: one error as it is, several in brackets.
function rbacErrors(errors: string[]): string {
  if (errors.length === 0) return '';
  return `RBAC: ${errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`}`;
}
