import { describe, expect, it } from 'vitest';
import { ruleAllows, rulesAllow, userAccessOf, type ResourceRule } from '../../../../server/auth/access-rules.js';

// The rules of Kubernetes' `view` ClusterRole that matter here, as a SelfSubjectRulesReview answers them.
const VIEW: ResourceRule[] = [
  { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods', 'pods/log', 'services', 'namespaces'] },
  { verbs: ['get', 'list', 'watch'], apiGroups: ['apps'], resources: ['deployments', 'replicasets'] },
];

describe('matching a request against RBAC rules as the API server does', () => {
  it('needs the verb, the group and the resource of one rule', () => {
    expect(rulesAllow(VIEW, { verb: 'list', group: '', resource: 'pods' })).toBe(true);
    expect(rulesAllow(VIEW, { verb: 'patch', group: '', resource: 'pods' })).toBe(false);
    expect(rulesAllow(VIEW, { verb: 'list', group: 'apps', resource: 'pods' })).toBe(false);
    expect(rulesAllow(VIEW, { verb: 'list', group: 'networking.istio.io', resource: 'virtualservices' })).toBe(false);
  });

  it('treats a subresource as a resource of its own: pods does not grant pods/proxy', () => {
    expect(rulesAllow(VIEW, { verb: 'get', group: '', resource: 'pods/log' })).toBe(true);
    expect(rulesAllow(VIEW, { verb: 'get', group: '', resource: 'pods/proxy' })).toBe(false);
  });

  it('matches * for verbs, groups and resources, and */log for the log of every resource', () => {
    const admin: ResourceRule = { verbs: ['*'], apiGroups: ['*'], resources: ['*'] };
    expect(ruleAllows(admin, { verb: 'delete', group: 'networking.istio.io', resource: 'virtualservices' })).toBe(true);
    expect(ruleAllows(admin, { verb: 'get', group: '', resource: 'pods/proxy' })).toBe(true);
    const logs: ResourceRule = { verbs: ['get'], apiGroups: [''], resources: ['*/log'] };
    expect(ruleAllows(logs, { verb: 'get', group: '', resource: 'pods/log' })).toBe(true);
    expect(ruleAllows(logs, { verb: 'get', group: '', resource: 'pods' })).toBe(false);
  });

  it('grants a rule with resourceNames to those names only, and never to a list', () => {
    const one: ResourceRule = {
      verbs: ['get', 'list', 'patch'],
      apiGroups: ['networking.istio.io'],
      resources: ['virtualservices'],
      resourceNames: ['sa-logic'],
    };
    const vs = { verb: 'patch', group: 'networking.istio.io', resource: 'virtualservices' };
    expect(ruleAllows(one, { ...vs, name: 'sa-logic' })).toBe(true);
    expect(ruleAllows(one, { ...vs, name: 'sa-webapp' })).toBe(false);
    expect(ruleAllows(one, { ...vs, verb: 'list' })).toBe(false);
  });
});

describe("a person's access over the namespaces the console knows", () => {
  const access = userAccessOf(
    new Map<string, ResourceRule[]>([
      ['demo', VIEW],
      ['istio-system', []],
      ['bookinfo', [{ verbs: ['list'], apiGroups: [''], resources: ['pods'] }]],
    ]),
  );

  it('sees a namespace where it may get the namespace itself, as kubectl get namespace NS is authorized there', () => {
    expect([...access.visibleNamespaces()]).toEqual(['demo']);
  });

  it('lists a kind only in the namespaces whose rules allow it', () => {
    expect([...access.namespacesWhere('list', '', 'pods')].sort()).toEqual(['bookinfo', 'demo']);
    expect([...access.namespacesWhere('list', 'apps', 'deployments')]).toEqual(['demo']);
    expect(access.can({ verb: 'get', group: '', resource: 'pods' }, 'istio-system')).toBe(false);
  });

  it('has the same key as another person with the same rules, and another key with other rules', () => {
    const same = userAccessOf(
      new Map<string, ResourceRule[]>([
        ['bookinfo', [{ verbs: ['list'], apiGroups: [''], resources: ['pods'] }]],
        ['istio-system', []],
        ['demo', VIEW],
      ]),
    );
    const other = userAccessOf(new Map<string, ResourceRule[]>([['demo', VIEW]]));
    expect(same.key).toBe(access.key);
    expect(other.key).not.toBe(access.key);
  });
});
