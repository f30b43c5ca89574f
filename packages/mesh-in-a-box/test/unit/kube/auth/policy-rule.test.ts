// RBAC's rule matching as plugin/pkg/auth/authorizer/rbac/rbac.go (RuleAllows) and pkg/apis/rbac/v1
// evaluation_helpers.go define it: verbs, API groups and resources with "*", subresources named "pods/log" or
// "*/scale", resourceNames, and non-resource URLs with a trailing "*".
import { describe, expect, it } from 'vitest';
import { ruleAllows, type PolicyRule, type RequestAttributes } from '../../../../src/kube/auth/policy-rule.js';

const get = (resource: string, more: Partial<Extract<RequestAttributes, { resourceRequest: true }>> = {}) =>
  ({ resourceRequest: true, verb: 'get', group: '', resource, namespace: 'demo', ...more }) as RequestAttributes;
const url = (path: string, verb = 'get'): RequestAttributes => ({ resourceRequest: false, verb, path });

describe('RBAC rule matching', () => {
  it('allows a verb the rule lists and refuses one it does not', () => {
    const rule: PolicyRule = { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] };
    expect(ruleAllows(rule, get('pods'))).toBe(true);
    expect(ruleAllows(rule, get('pods', { verb: 'list' }))).toBe(true);
    expect(ruleAllows(rule, get('pods', { verb: 'delete' }))).toBe(false);
  });

  it('lets verbs "*", resources "*" and apiGroups "*" match everything', () => {
    expect(
      ruleAllows({ verbs: ['*'], apiGroups: [''], resources: ['pods'] }, get('pods', { verb: 'deletecollection' })),
    ).toBe(true);
    expect(ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['*'] }, get('secrets'))).toBe(true);
    const anyGroup: PolicyRule = { verbs: ['get'], apiGroups: ['*'], resources: ['virtualservices'] };
    expect(ruleAllows(anyGroup, get('virtualservices', { group: 'networking.istio.io' }))).toBe(true);
  });

  it('does not let a rule for one API group reach the same resource name in another', () => {
    const core: PolicyRule = { verbs: ['get'], apiGroups: [''], resources: ['gateways'] };
    expect(ruleAllows(core, get('gateways', { group: 'networking.istio.io' }))).toBe(false);
  });

  it('names subresources as pods/log: "pods" does not reach the logs, "pods/log" does not reach the pods', () => {
    const pods: PolicyRule = { verbs: ['get'], apiGroups: [''], resources: ['pods'] };
    const logs: PolicyRule = { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] };
    expect(ruleAllows(pods, get('pods', { name: 'p', subresource: 'log' }))).toBe(false);
    expect(ruleAllows(logs, get('pods', { name: 'p', subresource: 'log' }))).toBe(true);
    expect(ruleAllows(logs, get('pods', { name: 'p' }))).toBe(false);
    expect(ruleAllows(logs, get('pods', { name: 'p', subresource: 'proxy' }))).toBe(false);
  });

  it('matches "*/scale" for that subresource of any resource, and "*" for every subresource', () => {
    const scale: PolicyRule = { verbs: ['get'], apiGroups: ['apps'], resources: ['*/scale'] };
    expect(ruleAllows(scale, get('deployments', { group: 'apps', name: 'd', subresource: 'scale' }))).toBe(true);
    expect(ruleAllows(scale, get('deployments', { group: 'apps', name: 'd' }))).toBe(false);
    const all: PolicyRule = { verbs: ['get'], apiGroups: [''], resources: ['*'] };
    expect(ruleAllows(all, get('pods', { name: 'p', subresource: 'proxy' }))).toBe(true);
  });

  it('knows no "pods/*" pattern: it matches only a subresource literally named "*"', () => {
    const rule: PolicyRule = { verbs: ['get'], apiGroups: [''], resources: ['pods/*'] };
    expect(ruleAllows(rule, get('pods', { name: 'p', subresource: 'log' }))).toBe(false);
  });

  it('honours resourceNames: the named object only, and never a list or a create, which have no name', () => {
    const rule: PolicyRule = {
      verbs: ['get', 'list', 'create'],
      apiGroups: [''],
      resources: ['configmaps'],
      resourceNames: ['app-config'],
    };
    expect(ruleAllows(rule, get('configmaps', { name: 'app-config' }))).toBe(true);
    expect(ruleAllows(rule, get('configmaps', { name: 'other' }))).toBe(false);
    expect(ruleAllows(rule, get('configmaps', { verb: 'list' }))).toBe(false);
    expect(ruleAllows(rule, get('configmaps', { verb: 'create' }))).toBe(false);
  });

  it('matches non-resource URLs exactly or by a trailing "*" prefix, and never a resource request', () => {
    const rule: PolicyRule = { verbs: ['get'], nonResourceURLs: ['/healthz', '/apis/*'] };
    expect(ruleAllows(rule, url('/healthz'))).toBe(true);
    expect(ruleAllows(rule, url('/healthz/etcd'))).toBe(false);
    expect(ruleAllows(rule, url('/apis/networking.istio.io/v1'))).toBe(true);
    expect(ruleAllows(rule, url('/apis'))).toBe(false);
    expect(ruleAllows(rule, url('/healthz', 'post'))).toBe(false);
    expect(ruleAllows(rule, get('healthz'))).toBe(false);
  });
});
