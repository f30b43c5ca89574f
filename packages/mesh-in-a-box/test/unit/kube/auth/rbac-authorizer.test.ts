// The RBAC authorizer over a store holding Kubernetes' default roles (bootstrappolicy/policy.go), the aggregation
// controller (pkg/controller/clusterroleaggregation) keeping admin, edit and view filled, and bindings as kubectl
// creates them: what a person bound to view, edit or admin may do, and why a denial says what it says.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  reconcileAggregatedRoles,
  startClusterRoleAggregation,
} from '../../../../src/kube/auth/aggregate-cluster-roles.js';
import { defaultClusterRoleBindings, defaultClusterRoles } from '../../../../src/kube/auth/bootstrap-policy.js';
import type { RequestAttributes } from '../../../../src/kube/auth/policy-rule.js';
import { RBAC_GR, RbacAuthorizer } from '../../../../src/kube/auth/rbac-authorizer.js';
import { anonymousUser, type UserInfo } from '../../../../src/kube/auth/user-info.js';
import { ObjectStore } from '../../../../src/store/object-store.js';
import { GR } from '../../../../src/store/resource-types.js';

const RBAC = 'rbac.authorization.k8s.io/v1';
let store: ObjectStore;
let rbac: RbacAuthorizer;

const viewer: UserInfo = {
  username: 'system:serviceaccount:demo:viewer',
  groups: ['system:serviceaccounts', 'system:serviceaccounts:demo', 'system:authenticated'],
};
const jane: UserInfo = { username: 'jane', groups: ['system:authenticated'] };

function bind(namespace: string, name: string, role: { kind: string; name: string }, subject: Record<string, string>) {
  store.create(RBAC_GR.rolebindings, {
    apiVersion: RBAC,
    kind: 'RoleBinding',
    metadata: { name, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...role },
    subjects: [subject],
  });
}
const may = (user: UserInfo, a: Partial<Extract<RequestAttributes, { resourceRequest: true }>>) =>
  rbac.authorize(user, { resourceRequest: true, verb: 'get', group: '', resource: 'pods', ...a }).allowed;

beforeEach(() => {
  store = new ObjectStore();
  store.create(GR.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } });
  for (const obj of defaultClusterRoles()) store.create(RBAC_GR.clusterroles, obj);
  for (const obj of defaultClusterRoleBindings()) store.create(RBAC_GR.clusterrolebindings, obj);
  reconcileAggregatedRoles(store);
  rbac = new RbacAuthorizer(store);
});

describe('the default roles', () => {
  it('lets system:masters do anything, and says which binding allowed it', () => {
    const admin: UserInfo = { username: 'mesh-admin', groups: ['system:masters', 'system:authenticated'] };
    const decision = rbac.authorize(admin, {
      resourceRequest: true,
      verb: 'delete',
      group: 'apps',
      resource: 'deployments',
      namespace: 'demo',
      name: 'x',
    });
    expect(decision).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"',
    });
    expect(rbac.authorize(admin, { resourceRequest: false, verb: 'get', path: '/metrics' }).allowed).toBe(true);
  });

  it('lets any signed-in user discover the API and review itself, and anonymous only health and version', () => {
    expect(
      rbac.authorize(jane, { resourceRequest: false, verb: 'get', path: '/apis/networking.istio.io/v1' }).allowed,
    ).toBe(true);
    expect(
      may(jane, {
        verb: 'create',
        group: 'authorization.k8s.io',
        resource: 'selfsubjectaccessreviews',
        namespace: undefined,
      }),
    ).toBe(true);
    expect(
      may(jane, {
        verb: 'create',
        group: 'authentication.k8s.io',
        resource: 'selfsubjectreviews',
        namespace: undefined,
      }),
    ).toBe(true);
    expect(may(jane, { verb: 'list', namespace: 'demo' })).toBe(false);
    const anonymous = anonymousUser();
    expect(rbac.authorize(anonymous, { resourceRequest: false, verb: 'get', path: '/version' }).allowed).toBe(true);
    expect(rbac.authorize(anonymous, { resourceRequest: false, verb: 'get', path: '/api' }).allowed).toBe(false);
  });

  it('fills view by aggregation: it reads pods and their logs but not secrets, and nothing of Istio', () => {
    const view = store.get(RBAC_GR.clusterroles, undefined, 'view')!;
    expect((view.rules as unknown[]).length).toBeGreaterThan(5);
    bind(
      'demo',
      'viewer-view',
      { kind: 'ClusterRole', name: 'view' },
      { kind: 'ServiceAccount', name: 'viewer', namespace: 'demo' },
    );
    expect(may(viewer, { verb: 'list', namespace: 'demo' })).toBe(true);
    expect(may(viewer, { name: 'p', subresource: 'log', namespace: 'demo' })).toBe(true);
    expect(may(viewer, { verb: 'list', resource: 'secrets', namespace: 'demo' })).toBe(false);
    expect(
      may(viewer, { verb: 'list', group: 'networking.istio.io', resource: 'virtualservices', namespace: 'demo' }),
    ).toBe(false);
    // A RoleBinding grants only in its namespace.
    expect(may(viewer, { verb: 'list', namespace: 'istio-system' })).toBe(false);
  });

  it('gives edit what view has plus writes and pods/proxy, and admin what edit has plus roles', () => {
    bind(
      'demo',
      'jane-edit',
      { kind: 'ClusterRole', name: 'edit' },
      { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' },
    );
    expect(may(jane, { verb: 'list', namespace: 'demo' })).toBe(true);
    expect(may(jane, { verb: 'delete', name: 'p', namespace: 'demo' })).toBe(true);
    expect(may(jane, { name: 'p', subresource: 'proxy', namespace: 'demo' })).toBe(true);
    expect(
      may(jane, { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'rolebindings', namespace: 'demo' }),
    ).toBe(false);
    bind(
      'demo',
      'jane-admin',
      { kind: 'ClusterRole', name: 'admin' },
      { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' },
    );
    expect(
      may(jane, { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'rolebindings', namespace: 'demo' }),
    ).toBe(true);
  });

  it('widens view, edit and admin at once when a ClusterRole labelled aggregate-to-view arrives', async () => {
    const stop = startClusterRoleAggregation(store);
    bind(
      'demo',
      'viewer-view',
      { kind: 'ClusterRole', name: 'view' },
      { kind: 'ServiceAccount', name: 'viewer', namespace: 'demo' },
    );
    const vs = { verb: 'list', group: 'networking.istio.io', resource: 'virtualservices', namespace: 'demo' };
    expect(may(viewer, vs)).toBe(false);
    store.create(RBAC_GR.clusterroles, {
      apiVersion: RBAC,
      kind: 'ClusterRole',
      metadata: { name: 'istio-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
      rules: [{ verbs: ['get', 'list', 'watch'], apiGroups: ['networking.istio.io'], resources: ['*'] }],
    });
    await Promise.resolve(); // the controller runs after the write, as a work queue would
    expect(may(viewer, vs)).toBe(true);
    const admin = store.get(RBAC_GR.clusterroles, undefined, 'admin')!;
    expect(JSON.stringify(admin.rules)).toContain('networking.istio.io');
    store.delete(RBAC_GR.clusterroles, undefined, 'istio-view');
    await Promise.resolve();
    expect(may(viewer, vs)).toBe(false);
    stop();
  });
});

describe('bindings', () => {
  it("binds a namespaced Role, and a ServiceAccount subject without a namespace means the binding's own", () => {
    store.create(RBAC_GR.roles, {
      apiVersion: RBAC,
      kind: 'Role',
      metadata: { name: 'config-reader', namespace: 'demo' },
      rules: [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'] }],
    });
    bind('demo', 'viewer-config', { kind: 'Role', name: 'config-reader' }, { kind: 'ServiceAccount', name: 'viewer' });
    expect(may(viewer, { resource: 'configmaps', name: 'app-config', namespace: 'demo' })).toBe(true);
    expect(may(viewer, { resource: 'configmaps', name: 'other', namespace: 'demo' })).toBe(false);
  });

  it('names a binding whose role does not exist in the denial, as the API server does', () => {
    bind(
      'demo',
      'dangling',
      { kind: 'Role', name: 'gone' },
      { kind: 'Group', name: 'system:authenticated', apiGroup: 'rbac.authorization.k8s.io' },
    );
    expect(
      rbac.authorize(jane, { resourceRequest: true, verb: 'list', group: '', resource: 'pods', namespace: 'demo' }),
    ).toEqual({
      allowed: false,
      reason: 'RBAC: role.rbac.authorization.k8s.io "gone" not found',
    });
  });

  it('lists the rules a user holds in a namespace, cluster-wide ones included', () => {
    bind(
      'demo',
      'viewer-view',
      { kind: 'ClusterRole', name: 'view' },
      { kind: 'ServiceAccount', name: 'viewer', namespace: 'demo' },
    );
    const { rules, errors } = rbac.rulesFor(viewer, 'demo');
    expect(errors).toEqual([]);
    expect(rules).toContainEqual({
      verbs: ['create'],
      apiGroups: ['authentication.k8s.io'],
      resources: ['selfsubjectreviews'],
    });
    expect(rules.some((r) => r.resources?.includes('pods/log'))).toBe(true);
    expect(rbac.rulesFor(viewer, 'istio-system').rules.some((r) => r.resources?.includes('pods/log'))).toBe(false);
  });
});
