// Failures a test injects into the mesh's Kubernetes API, named as an RBAC rule names what it covers
// (kubernetes.io/docs/reference/access-authn-authz/rbac, "Referring to resources"): a resource ("pods"), or one of its
// subresources ("pods/log"), which the resource alone does not cover.
import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../../../src/kube/kube-faults.js';

describe('injected Kubernetes failures', () => {
  it("fails a pod's log reads when asked for pods/log, and leaves reads of the pods themselves alone", () => {
    const faults = new FaultInjector();
    faults.failNext({ status: 503, count: 2, verbs: ['get'], resource: 'pods/log' });
    expect(faults.failureFor('get', 'pods', '')).toBeUndefined();
    expect(faults.failureFor('get', 'pods', '', 'proxy')).toBeUndefined();
    const failure = faults.failureFor('get', 'pods', '', 'log');
    expect(failure?.code).toBe(503);
    expect(failure?.message).toBe('injected fault: get pods/log answers 503');
  });

  it('does not fail the subresources of a resource named alone, as an RBAC rule for "pods" does not cover pods/log', () => {
    const faults = new FaultInjector();
    faults.failNext({ status: 500, count: 1, resource: 'pods' });
    expect(faults.failureFor('get', 'pods', '', 'log')).toBeUndefined();
    expect(faults.failureFor('list', 'pods', '')?.code).toBe(500);
  });

  it('names a custom resource with its group, and a subresource after it', () => {
    const faults = new FaultInjector();
    faults.failNext({ status: 409, count: 1, resource: 'virtualservices.networking.istio.io/status' });
    expect(faults.failureFor('update', 'virtualservices', 'networking.istio.io')).toBeUndefined();
    expect(faults.failureFor('update', 'virtualservices', 'networking.istio.io', 'status')?.code).toBe(409);
  });

  it('forgets the failures not yet served when cleared, whatever count they had', () => {
    const faults = new FaultInjector();
    faults.failNext({ status: 503, count: 1000, resource: 'pods/log' });
    expect(faults.failureFor('get', 'pods', '', 'log')).toBeDefined();
    faults.clearFailures();
    expect(faults.failureFor('get', 'pods', '', 'log')).toBeUndefined();
  });

  it('fails only the real write when asked for dryRun: false, so a write can fail after its dry-run passed', () => {
    const faults = new FaultInjector();
    faults.failNext({
      status: 500,
      count: 1,
      verbs: ['update'],
      resource: 'virtualservices.networking.istio.io',
      dryRun: false,
    });
    const at = { namespace: 'demo', name: 'sa-logic' };
    expect(
      faults.failureFor('update', 'virtualservices', 'networking.istio.io', undefined, { ...at, dryRun: true }),
    ).toBeUndefined();
    expect(faults.failureFor('update', 'virtualservices', 'networking.istio.io', undefined, at)?.code).toBe(500);
  });

  it('fails only the dry-run when asked for dryRun: true, and both when dryRun is not given', () => {
    const faults = new FaultInjector();
    faults.failNext({ status: 500, count: 1, resource: 'destinationrules', dryRun: true });
    expect(faults.failureFor('create', 'destinationrules', 'networking.istio.io')).toBeUndefined();
    expect(
      faults.failureFor('create', 'destinationrules', 'networking.istio.io', undefined, { dryRun: true })?.code,
    ).toBe(500);
    faults.failNext({ status: 503, count: 2, resource: 'destinationrules' });
    expect(
      faults.failureFor('create', 'destinationrules', 'networking.istio.io', undefined, { dryRun: true })?.code,
    ).toBe(503);
    expect(faults.failureFor('create', 'destinationrules', 'networking.istio.io')?.code).toBe(503);
  });
});
