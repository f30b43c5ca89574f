// RBAC's escalation prevention (pkg/registry/rbac/validation/rule.go ConfirmNoEscalation and the policybased
// storages): a namespace admin may grant what it holds, not more, unless it may `bind` or `escalate`.
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../../../../src/kube/api-error.js';
import { reconcileAggregatedRoles } from '../../../../src/kube/auth/aggregate-cluster-roles.js';
import { defaultClusterRoleBindings, defaultClusterRoles } from '../../../../src/kube/auth/bootstrap-policy.js';
import { confirmNoEscalation, missingRights } from '../../../../src/kube/auth/escalation-check.js';
import { RBAC_GR, RbacAuthorizer } from '../../../../src/kube/auth/rbac-authorizer.js';
import type { UserInfo } from '../../../../src/kube/auth/user-info.js';
import type { KubeObject } from '../../../../src/store/kube-object.js';
import { ObjectStore } from '../../../../src/store/object-store.js';
import { GR } from '../../../../src/store/resource-types.js';

const RBAC = 'rbac.authorization.k8s.io';
const boss: UserInfo = { username: 'boss', groups: ['system:authenticated'] };
let store: ObjectStore;
let rbac: RbacAuthorizer;

const binding = (name: string, roleRef: { kind: string; name: string }, user = 'x'): KubeObject => ({
  apiVersion: `${RBAC}/v1`,
  kind: 'RoleBinding',
  metadata: { name, namespace: 'demo' },
  roleRef: { apiGroup: RBAC, ...roleRef },
  subjects: [{ kind: 'User', apiGroup: RBAC, name: user }],
});
const role = (name: string, rules: object[]): KubeObject => ({
  apiVersion: `${RBAC}/v1`,
  kind: 'Role',
  metadata: { name, namespace: 'demo' },
  rules,
});
function refusal(obj: KubeObject): ApiError | undefined {
  try {
    confirmNoEscalation(rbac, boss, obj);
    return undefined;
  } catch (err) {
    return err as ApiError;
  }
}

beforeEach(() => {
  store = new ObjectStore();
  store.create(GR.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } });
  for (const obj of defaultClusterRoles()) store.create(RBAC_GR.clusterroles, obj);
  for (const obj of defaultClusterRoleBindings()) store.create(RBAC_GR.clusterrolebindings, obj);
  reconcileAggregatedRoles(store);
  store.create(RBAC_GR.rolebindings, binding('boss-admin', { kind: 'ClusterRole', name: 'admin' }, 'boss'));
  rbac = new RbacAuthorizer(store);
});

describe('escalation prevention', () => {
  it('lets a namespace admin bind view and edit there, which it holds', () => {
    expect(refusal(binding('x-view', { kind: 'ClusterRole', name: 'view' }))).toBeUndefined();
    expect(refusal(binding('x-edit', { kind: 'ClusterRole', name: 'edit' }))).toBeUndefined();
  });

  it('refuses it cluster-admin, listing what it lacks as the API server does', () => {
    const err = refusal(binding('x-root', { kind: 'ClusterRole', name: 'cluster-admin' }));
    expect(err?.code).toBe(403);
    expect(err?.message).toBe(
      'rolebindings.rbac.authorization.k8s.io "x-root" is forbidden: user "boss" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:["*"], Resources:["*"], Verbs:["*"]}\n{NonResourceURLs:["*"], Verbs:["*"]}',
    );
  });

  it('refuses a Role with rules it does not hold, and allows it once it may escalate', () => {
    const wide = role('istio-writer', [
      { verbs: ['create', 'delete'], apiGroups: ['networking.istio.io'], resources: ['virtualservices'] },
    ]);
    expect(refusal(wide)?.message).toContain(
      '{APIGroups:["networking.istio.io"], Resources:["virtualservices"], Verbs:["create" "delete"]}',
    );
    store.create(RBAC_GR.roles, role('escalator', [{ verbs: ['escalate'], apiGroups: [RBAC], resources: ['roles'] }]));
    store.create(RBAC_GR.rolebindings, binding('boss-escalate', { kind: 'Role', name: 'escalator' }, 'boss'));
    expect(refusal(wide)).toBeUndefined();
  });

  it('answers 404 for a binding to a role that does not exist', () => {
    expect(refusal(binding('x', { kind: 'Role', name: 'nope' }))?.message).toBe(
      'roles.rbac.authorization.k8s.io "nope" not found',
    );
  });

  it('covers a subresource by "*/name" and names by an owner rule without names', () => {
    const owner = [
      { verbs: ['get'], apiGroups: ['apps'], resources: ['*/scale'] },
      { verbs: ['get'], apiGroups: [''], resources: ['configmaps'] },
    ];
    expect(missingRights(owner, [{ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments/scale'] }])).toEqual(
      [],
    );
    expect(
      missingRights(owner, [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] }]),
    ).toEqual([]);
    expect(missingRights(owner, [{ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] }])).toHaveLength(1);
  });
});
