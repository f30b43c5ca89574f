// Who changed an Istio object, from its managedFields. The rules are the API server's (ManagedFieldsEntry in
// https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/ and
// https://kubernetes.io/docs/reference/using-api/server-side-apply/): one entry per manager, operation and
// subresource; `operation` is Apply for a server-side apply and Update otherwise; `time` moves when the manager sets,
// changes or removes one of its fields; status writes carry subresource "status".
import { describe, expect, it } from 'vitest';
import { describeChange, latestAuthor } from '../../../../server/changes/change-author.js';
import type { KubeObject } from '../../../../server/sources/kubernetes.js';

const NOW = Date.parse('2026-12-06T12:00:00Z') / 1000;
const at = (iso: string) => Date.parse(iso) / 1000;

function vs(metadata: Partial<KubeObject['metadata']>): KubeObject {
  return { kind: 'VirtualService', metadata: { name: 'sa-logic', namespace: 'demo', ...metadata }, spec: {} };
}

/** One managedFields entry, as the API server writes it. */
const entry = (manager: string, operation: 'Apply' | 'Update', time: string, subresource?: string) => ({
  manager,
  operation,
  ...(subresource ? { subresource } : {}),
  apiVersion: 'networking.istio.io/v1',
  time,
  fieldsType: 'FieldsV1',
  fieldsV1: {},
});

// `kubectl apply` (client side) creates with manager kubectl-client-side-apply; istiod then writes the status.
const created = vs({
  creationTimestamp: '2026-12-06T11:00:00Z',
  generation: 1,
  managedFields: [
    entry('kubectl-client-side-apply', 'Update', '2026-12-06T11:00:00Z'),
    entry('pilot-discovery', 'Update', '2026-12-06T11:00:05Z', 'status'),
  ],
});

// Later a GitOps tool took the routes over with a server-side apply.
const applied = vs({
  creationTimestamp: '2026-12-06T11:00:00Z',
  generation: 2,
  managedFields: [
    entry('argocd-controller', 'Apply', '2026-12-06T11:30:00Z'),
    entry('kubectl-client-side-apply', 'Update', '2026-12-06T11:00:00Z'),
    entry('pilot-discovery', 'Update', '2026-12-06T11:45:00Z', 'status'),
  ],
});

describe('the author of a change, per managedFields', () => {
  it('is the manager whose entry moved last, whatever the order of the entries', () => {
    expect(latestAuthor(applied)).toEqual({
      manager: 'argocd-controller',
      operation: 'Apply',
      time: at('2026-12-06T11:30:00Z'),
    });
  });

  it("is never istiod's status write: a status is no change of config", () => {
    expect(latestAuthor(created)?.manager).toBe('kubectl-client-side-apply');
  });

  it('is unknown for an object without managedFields (an API server with them turned off)', () => {
    expect(latestAuthor(vs({}))).toBeNull();
    expect(describeChange('update', vs({ generation: 3 }), NOW)).toEqual({ time: NOW, change: 'spec changed' });
  });
});

describe('a watch event in words', () => {
  it('reads an object at generation 1 as created, at its creation time, by its creator', () => {
    expect(describeChange('add', created, NOW)).toEqual({
      time: at('2026-12-06T11:00:00Z'),
      change: 'created by kubectl-client-side-apply',
      manager: 'kubectl-client-side-apply',
    });
  });

  it("reads a later generation as a change of spec at its author's time, naming a server-side apply as such", () => {
    expect(describeChange('update', applied, NOW)).toEqual({
      time: at('2026-12-06T11:30:00Z'),
      change: 'spec applied by argocd-controller',
      manager: 'argocd-controller',
    });
    // The first list of an object changed before the console started says so too, not "created".
    expect(describeChange('add', applied, NOW).change).toBe('spec applied by argocd-controller');
  });

  it('reads a deletion as deleted, at its deletion time when it waited on finalizers, else now', () => {
    expect(describeChange('delete', applied, NOW)).toEqual({ time: NOW, change: 'deleted' });
    expect(describeChange('delete', vs({ deletionTimestamp: '2026-12-06T11:59:00Z' }), NOW).time).toBe(
      at('2026-12-06T11:59:00Z'),
    );
  });
});
