// Impersonation as k8s.io/apiserver pkg/endpoints/filters/impersonation.go does it: one `impersonate` check per
// header against the caller's rights, the 403 of the first that fails, and the user the request then acts as.
import { describe, expect, it } from 'vitest';
import type { ApiError } from '../../../../src/kube/api-error.js';
import { impersonatedUser } from '../../../../src/kube/auth/impersonation.js';
import type { RequestAttributes } from '../../../../src/kube/auth/policy-rule.js';
import type { UserInfo } from '../../../../src/kube/auth/user-info.js';

const caller: UserInfo = { username: 'ops', groups: ['system:authenticated'] };

/** The checks the caller was asked for, allowing those `allowed` says yes to. */
function impersonate(
  headers: Record<string, string | string[]>,
  allowed: (a: RequestAttributes) => boolean = () => true,
) {
  const checks: RequestAttributes[] = [];
  // As Node's req.headersDistinct gives them: each header's lines as a list.
  const lines = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));
  const user = impersonatedUser(caller, lines, (_u, a) => {
    checks.push(a);
    return { allowed: allowed(a), reason: '' };
  });
  return { user, checks };
}

describe('impersonation', () => {
  it('leaves a request without Impersonate-* headers as it is', () => {
    expect(impersonate({}).user).toBeUndefined();
  });

  it('takes each Impersonate-Group line as one group, a comma and all, as Go lists header lines', () => {
    const { user } = impersonate({ 'impersonate-user': 'jane', 'impersonate-group': ['ops, eu', 'qa'] });
    expect(user?.groups).toEqual(['ops, eu', 'qa', 'system:authenticated']);
  });

  it("reads a name's UTF-8 bytes as kubectl --as sends them, not as Latin-1 characters", () => {
    // What Node's parser makes of the bytes of "Zoë" and "名前": one Latin-1 character per byte.
    const wire = (name: string) => Buffer.from(name, 'utf8').toString('latin1');
    const { user, checks } = impersonate({ 'impersonate-user': wire('Zoë'), 'impersonate-group': wire('名前') });
    expect(user).toEqual({ username: 'Zoë', groups: ['名前', 'system:authenticated'] });
    expect(checks[0]).toMatchObject({ resource: 'users', name: 'Zoë' });
  });

  it('acts as the user with the groups given, after checking each, and adds system:authenticated', () => {
    const { user, checks } = impersonate({ 'impersonate-user': 'jane', 'impersonate-group': ['devs', 'qa'] });
    expect(user).toEqual({ username: 'jane', groups: ['devs', 'qa', 'system:authenticated'] });
    expect(checks).toEqual([
      { resourceRequest: true, verb: 'impersonate', group: '', resource: 'users', name: 'jane' },
      { resourceRequest: true, verb: 'impersonate', group: '', resource: 'groups', name: 'devs' },
      { resourceRequest: true, verb: 'impersonate', group: '', resource: 'groups', name: 'qa' },
    ]);
  });

  it('checks a service account in its namespace and gives it its own groups', () => {
    const { user, checks } = impersonate({ 'impersonate-user': 'system:serviceaccount:demo:viewer' });
    expect(checks).toEqual([
      {
        resourceRequest: true,
        verb: 'impersonate',
        group: '',
        resource: 'serviceaccounts',
        namespace: 'demo',
        name: 'viewer',
      },
    ]);
    expect(user?.groups).toEqual(['system:serviceaccounts', 'system:serviceaccounts:demo', 'system:authenticated']);
  });

  it('checks uids and extras in authentication.k8s.io, an extra by its key as the subresource', () => {
    const { user, checks } = impersonate({
      'impersonate-user': 'jane',
      'impersonate-uid': 'u-1',
      'impersonate-extra-scopes': 'view',
    });
    expect(user).toEqual({
      username: 'jane',
      uid: 'u-1',
      groups: ['system:authenticated'],
      extra: { scopes: ['view'] },
    });
    expect(checks).toContainEqual({
      resourceRequest: true,
      verb: 'impersonate',
      group: 'authentication.k8s.io',
      resource: 'uids',
      name: 'u-1',
    });
    expect(checks).toContainEqual({
      resourceRequest: true,
      verb: 'impersonate',
      group: 'authentication.k8s.io',
      resource: 'userextras',
      subresource: 'scopes',
      name: 'view',
    });
  });

  it('refuses with the 403 of the check that failed, naming the caller', () => {
    let error: ApiError | undefined;
    try {
      impersonate(
        { 'impersonate-user': 'jane', 'impersonate-group': 'system:masters' },
        (a) => a.resourceRequest && a.resource === 'users',
      );
    } catch (err) {
      error = err as ApiError;
    }
    expect(error?.code).toBe(403);
    expect(error?.message).toBe(
      'groups "system:masters" is forbidden: User "ops" cannot impersonate resource "groups" in API group "" at the cluster scope',
    );
  });

  it('refuses groups without a user', () => {
    expect(() => impersonate({ 'impersonate-group': 'devs' })).toThrow(/without impersonating a user/);
  });
});
