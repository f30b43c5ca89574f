// What the write path sends: PUT bodies built over the fresh read (a PUT replaces the whole object, so metadata the
// plan trims must come from the read), in an order where subsets exist before routes use them.
import { describe, expect, it } from 'vitest';
import type { Plan, PlannedObject } from '../../../../../lib/api/traffic-change.js';
import type { KubeObject } from '../../../../../server/sources/kubernetes.js';
import { freshIndex, writeBodies } from '../../../../../server/traffic/io/write-bodies.js';

const NET = 'networking.istio.io/v1';

function planned(kind: string, action: PlannedObject['action'], after: Record<string, unknown> | null): PlannedObject {
  return { apiVersion: NET, kind, namespace: 'demo', name: 'sa-logic', action, before: null, after, patch: [] };
}
const planOf = (objects: PlannedObject[]): Plan => ({ objects, diff: '', patch: [], resourceVersion: '', summary: [] });

const readVs: KubeObject = {
  apiVersion: NET,
  kind: 'VirtualService',
  metadata: {
    name: 'sa-logic',
    namespace: 'demo',
    resourceVersion: '41',
    uid: 'u1',
    finalizers: ['example.com/keep'],
    ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner' }],
    managedFields: [{ manager: 'kubectl' }],
    labels: { old: 'label' },
  },
  spec: { hosts: ['sa-logic'] },
  status: { observedGeneration: 1 },
};

describe('writeBodies', () => {
  it('sends a PUT body with the read metadata, the plan’s spec and labels, the read resourceVersion, no managedFields or status', () => {
    const after = {
      apiVersion: NET,
      kind: 'VirtualService',
      metadata: { name: 'sa-logic', namespace: 'demo', labels: { new: 'label' } },
      spec: { hosts: ['sa-logic'], http: [] },
    };
    const [write] = writeBodies(planOf([planned('VirtualService', 'update', after)]), freshIndex([readVs]));
    expect(write!.body).toEqual({
      apiVersion: NET,
      kind: 'VirtualService',
      metadata: {
        name: 'sa-logic',
        namespace: 'demo',
        resourceVersion: '41',
        uid: 'u1',
        finalizers: ['example.com/keep'],
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner' }],
        labels: { new: 'label' },
      },
      spec: { hosts: ['sa-logic'], http: [] },
    });
    expect(write!.before).toBe(readVs);
  });

  it('writes DestinationRules before the routes that use their subsets, and deletes routes before their rules, last', () => {
    const obj = (kind: string) => ({
      apiVersion: NET,
      kind,
      metadata: { name: 'sa-logic', namespace: 'demo' },
      spec: {},
    });
    const order = writeBodies(
      planOf([
        planned('VirtualService', 'create', obj('VirtualService')),
        planned('DestinationRule', 'create', obj('DestinationRule')),
      ]),
      new Map(),
    ).map((w) => w.ref.kind);
    expect(order).toEqual(['DestinationRule', 'VirtualService']);
    const deletes = writeBodies(
      planOf([planned('DestinationRule', 'delete', null), planned('VirtualService', 'delete', null)]),
      new Map(),
    ).map((w) => w.ref.kind);
    expect(deletes).toEqual(['VirtualService', 'DestinationRule']);
  });

  it('skips unchanged objects and creates without a resourceVersion', () => {
    const created = {
      apiVersion: NET,
      kind: 'DestinationRule',
      metadata: { name: 'x', namespace: 'demo', resourceVersion: '9' },
    };
    const writes = writeBodies(
      planOf([planned('VirtualService', 'unchanged', {}), planned('DestinationRule', 'create', created)]),
      new Map(),
    );
    expect(writes).toHaveLength(1);
    expect(writes[0]!.body!.metadata.resourceVersion).toBeUndefined();
  });
});
