import { beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/store/kube-object.js';
import { ObjectStore, type StoreEvent } from '../../../src/store/object-store.js';
import { GR } from '../../../src/store/resource-types.js';

let store: ObjectStore;
let events: StoreEvent[];

const configMap = (data: Record<string, string>, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'demo', ...extra },
  data,
});
const thaw = (obj: KubeObject): KubeObject => structuredClone(obj);

beforeEach(() => {
  store = new ObjectStore();
  store.create(GR.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } });
  events = [];
  store.subscribe((event) => events.push(event));
});

// etcd3 store GuaranteedUpdate (apiserver pkg/storage/etcd3/store.go) does not write an object whose encoding is
// unchanged; it returns the stored one, resourceVersion and all, and no watch event goes out.
describe('an update that changes nothing', () => {
  it('keeps the resourceVersion and sends no watch event', () => {
    const created = store.create(GR.configmaps, configMap({ mode: 'canary' }));
    const before = store.resourceVersion;
    const same = store.update(GR.configmaps, thaw(created));
    expect(same.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(store.resourceVersion).toBe(before);
    expect(events.filter((e) => e.type === 'MODIFIED')).toEqual([]);
  });

  it('keeps the resourceVersion when the client left it out (an unconditional update)', () => {
    const created = store.create(GR.configmaps, configMap({ mode: 'canary' }));
    const same = store.update(GR.configmaps, configMap({ mode: 'canary' }));
    expect(same.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(events.filter((e) => e.type === 'MODIFIED')).toEqual([]);
  });

  // fieldmanager IgnoreManagedFieldsTimestampsTransformer: managedFields that differ only in time are put back.
  it('ignores managedFields whose only change is their time', () => {
    const entry = (time: string) => ({
      manager: 'kubectl',
      operation: 'Update',
      apiVersion: 'v1',
      time,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:data': {} },
    });
    const created = store.create(
      GR.configmaps,
      configMap({ mode: 'canary' }, { managedFields: [entry('2026-01-01T00:00:00Z')] }),
    );
    const same = store.update(GR.configmaps, {
      ...thaw(created),
      metadata: { ...thaw(created).metadata, managedFields: [entry('2026-12-06T08:00:00Z')] },
    });
    expect(same.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(same.metadata.managedFields).toEqual([entry('2026-01-01T00:00:00Z')]);
    expect(events.filter((e) => e.type === 'MODIFIED')).toEqual([]);
  });

  it('still writes a change, with a new resourceVersion and one MODIFIED event', () => {
    const created = store.create(GR.configmaps, configMap({ mode: 'canary' }));
    const changed = store.update(GR.configmaps, configMap({ mode: 'stable' }));
    expect(Number(changed.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    expect(events.filter((e) => e.type === 'MODIFIED').map((e) => e.object.data)).toEqual([{ mode: 'stable' }]);
  });
});

// registry/generic/registry/dryrun.go: a dry-run create copies the object out before storage gives it a
// resourceVersion; a dry-run update runs the update function on the stored object and copies that out.
describe('dry-run writes', () => {
  it('answer a create with no resourceVersion, storing nothing and sending no event', () => {
    const before = store.resourceVersion;
    const answer = store.create(GR.configmaps, configMap({ mode: 'canary' }), { dryRun: true });
    expect(answer.metadata.resourceVersion).toBeUndefined();
    expect(answer.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(store.get(GR.configmaps, 'demo', 'settings')).toBeUndefined();
    expect(store.resourceVersion).toBe(before);
    expect(events).toEqual([]);
  });

  it('answer an update with the stored resourceVersion, not the next revision', () => {
    const created = store.create(GR.configmaps, configMap({ mode: 'canary' }));
    store.create(GR.configmaps, { ...configMap({}), metadata: { name: 'later', namespace: 'demo' } }); // moves the revision on
    const answer = store.update(GR.configmaps, configMap({ mode: 'stable' }), { dryRun: true });
    expect(answer.data).toEqual({ mode: 'stable' });
    expect(answer.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(store.get(GR.configmaps, 'demo', 'settings')!.data).toEqual({ mode: 'canary' });
    expect(events.filter((e) => e.type === 'MODIFIED')).toEqual([]);
  });
});

// An update naming a uid is a uid precondition (rest.DefaultUpdatedObjectInfo.Preconditions); the storage refuses a
// mismatch as an invalid object and the registry answers it as a conflict (storage/errors InterpretUpdateError).
describe('an update naming another uid', () => {
  it('is a 409 Conflict carrying the storage precondition message', () => {
    const created = store.create(GR.configmaps, configMap({ mode: 'canary' }));
    const other = '00000000-0000-0000-0000-000000000001';
    expect(() => store.update(GR.configmaps, configMap({ mode: 'stable' }, { uid: other }))).toThrow(
      expect.objectContaining({
        code: 409,
        reason: 'Conflict',
        message: `Operation cannot be fulfilled on configmaps "settings": StorageError: invalid object, Code: 4, Key: /registry/configmaps/demo/settings, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: ${other}, UID in object meta: ${created.metadata.uid}`,
      }),
    );
    expect(store.get(GR.configmaps, 'demo', 'settings')!.data).toEqual({ mode: 'canary' });
  });

  it('keys a custom resource under its group in the message, as etcd stores it', () => {
    store.create(GR.virtualservices, {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'sa-logic', namespace: 'demo' },
      spec: { hosts: ['sa-logic'] },
    });
    expect(() =>
      store.update(GR.virtualservices, {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'sa-logic', namespace: 'demo', uid: 'x' },
        spec: {},
      }),
    ).toThrow(
      /on virtualservices\.networking\.istio\.io "sa-logic": StorageError: invalid object, Code: 4, Key: \/registry\/networking\.istio\.io\/virtualservices\/demo\/sa-logic,/,
    );
  });
});
