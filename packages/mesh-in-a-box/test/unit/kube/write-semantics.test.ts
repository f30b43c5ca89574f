import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeApi } from '../../../src/kube/start-kube-api.js';
import type { ObjectStore, StoreEvent } from '../../../src/store/object-store.js';
import { GR } from '../../../src/store/resource-types.js';
import { startTestApi, type ApiAnswer } from './kube-api-client.js';

let store: ObjectStore;
let api: KubeApi;
let call: (method: string, path: string, body?: unknown, contentType?: string) => Promise<ApiAnswer>;
const events: StoreEvent[] = [];
beforeAll(async () => {
  ({ store, api, call } = await startTestApi());
  store.subscribe((e) => events.push(e));
});
afterAll(() => api.close());

const CM = '/api/v1/namespaces/demo/configmaps';
const VS = '/apis/networking.istio.io/v1/namespaces/demo/virtualservices';
const configMap = (name: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data,
  ...extra,
});
const modifiedEvents = (name: string) =>
  events.filter((e) => e.type === 'MODIFIED' && e.object.metadata.name === name).length;

describe('writes that change nothing', () => {
  it('a PUT of the stored object keeps its resourceVersion and sends no watch event', async () => {
    const created = await call('POST', CM, configMap('same', { a: '1' }));
    const put = await call('PUT', `${CM}/same`, created.body);
    expect(put.status).toBe(200);
    expect(put.body.metadata.resourceVersion).toBe(created.body.metadata.resourceVersion);
    expect(modifiedEvents('same')).toBe(0);
  });

  it('a merge patch that sets the stored values keeps the resourceVersion', async () => {
    const created = await call('POST', CM, configMap('same-patch', { a: '1' }));
    const patched = await call('PATCH', `${CM}/same-patch`, { data: { a: '1' } }, 'application/merge-patch+json');
    expect(patched.body.metadata.resourceVersion).toBe(created.body.metadata.resourceVersion);
    expect(modifiedEvents('same-patch')).toBe(0);
  });

  it('a server-side apply of the same configuration again keeps the resourceVersion', async () => {
    const body = JSON.stringify(configMap('same-apply', { a: '1' }));
    const first = await call('PATCH', `${CM}/same-apply?fieldManager=ci`, body, 'application/apply-patch+yaml');
    const again = await call('PATCH', `${CM}/same-apply?fieldManager=ci`, body, 'application/apply-patch+yaml');
    expect(again.body.metadata.resourceVersion).toBe(first.body.metadata.resourceVersion);
    expect(modifiedEvents('same-apply')).toBe(0);
  });
});

// Kubernetes API concepts, "Dry-run": the answer is the object as it would be, nothing is persisted.
describe('dryRun=All', () => {
  it('answers a create without a resourceVersion and stores nothing', async () => {
    const r = await call('POST', `${CM}?dryRun=All`, configMap('dry', { a: '1' }));
    expect(r.status).toBe(201);
    expect(r.body.metadata.resourceVersion).toBeUndefined();
    expect(store.get(GR.configmaps, 'demo', 'dry')).toBeUndefined();
  });

  it('answers an update with the stored resourceVersion and the changed object, storing nothing', async () => {
    const created = await call('POST', CM, configMap('dry-update', { a: '1' }));
    await call('POST', CM, configMap('dry-update-later', { a: '1' })); // moves the store's revision on
    const r = await call('PUT', `${CM}/dry-update?dryRun=All`, configMap('dry-update', { a: '2' }));
    expect(r.body.data).toEqual({ a: '2' });
    expect(r.body.metadata.resourceVersion).toBe(created.body.metadata.resourceVersion);
    expect(store.get(GR.configmaps, 'demo', 'dry-update')!.data).toEqual({ a: '1' });
    expect(modifiedEvents('dry-update')).toBe(0);
  });
});

// apimachinery ValidateCreateOptions / ValidatePatchOptions: the options are checked before the body is read.
describe('write options', () => {
  it('refuses a dryRun other than All as an invalid CreateOptions', async () => {
    const r = await call('POST', `${CM}?dryRun=Some`, configMap('options', { a: '1' }));
    expect(r.status).toBe(422);
    expect(r.body.message).toBe(
      'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: ["Some"]: supported values: "All"',
    );
  });

  it('refuses an unknown fieldValidation as an invalid PatchOptions', async () => {
    const r = await call('PATCH', `${CM}/options?fieldValidation=Loud`, {}, 'application/merge-patch+json');
    expect(r.status).toBe(422);
    expect(r.body.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loud": supported values: "", "Ignore", "Strict", "Warn"',
    );
  });
});

describe('preconditions', () => {
  it('refuses a PUT naming another uid with the storage precondition conflict', async () => {
    const created = await call('POST', CM, configMap('uid-put', { a: '1' }));
    const other = configMap('uid-put', { a: '2' });
    const r = await call('PUT', `${CM}/uid-put`, { ...other, metadata: { name: 'uid-put', uid: 'other-uid' } });
    expect(r.status).toBe(409);
    expect(r.body.reason).toBe('Conflict');
    expect(r.body.message).toContain(
      `AdditionalErrorMsg: Precondition failed: UID in precondition: other-uid, UID in object meta: ${created.body.metadata.uid}`,
    );
  });

  // ValidateObjectMetaUpdate: metadata.uid is immutable, so a patch that changes it fails validation.
  it('refuses a patch changing the uid as an invalid, immutable field', async () => {
    await call('POST', CM, configMap('uid-patch', { a: '1' }));
    const r = await call('PATCH', `${CM}/uid-patch`, { metadata: { uid: 'x' } }, 'application/merge-patch+json');
    expect(r.status).toBe(422);
    expect(r.body.message).toBe(
      'ConfigMap "uid-patch" is invalid: metadata.uid: Invalid value: "x": field is immutable',
    );
  });

  it('refuses a server-side apply whose resourceVersion is stale, and accepts the current one', async () => {
    const apply = (rv: string, value: string) =>
      call(
        'PATCH',
        `${VS}/applied-rv?fieldManager=ci`,
        JSON.stringify({
          apiVersion: 'networking.istio.io/v1',
          kind: 'VirtualService',
          metadata: { name: 'applied-rv', ...(rv ? { resourceVersion: rv } : {}) },
          spec: { hosts: [value] },
        }),
        'application/apply-patch+yaml',
      );
    const created = await apply('', 'a');
    const current = created.body.metadata.resourceVersion as string;
    const changed = await apply(current, 'b');
    expect(changed.status).toBe(200);
    const stale = await apply(current, 'c');
    expect(stale.status).toBe(409);
    expect(stale.body.message).toBe(
      'Operation cannot be fulfilled on virtualservices.networking.istio.io "applied-rv": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(store.get(GR.virtualservices, 'demo', 'applied-rv')!.spec.hosts).toEqual(['b']);
  });
});

describe('ConfigMaps', () => {
  it('refuses a data value that is not a string as the decoder does', async () => {
    const r = await call('POST', CM, configMap('number', { port: 8080 }));
    expect(r.status).toBe(400);
    expect(r.body.message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string',
    );
  });

  it('refuses binaryData that is not base64', async () => {
    const r = await call('POST', CM, configMap('binary', {}, { binaryData: { blob: 'abc!' } }));
    expect(r.body.message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: illegal base64 data at input byte 3',
    );
  });

  it('refuses a patch that leaves a non-string value as an invalid patch', async () => {
    await call('POST', CM, configMap('patched-number', { a: '1' }));
    const r = await call('PATCH', `${CM}/patched-number`, { data: { a: 1 } }, 'application/merge-patch+json');
    expect(r.status).toBe(422);
    expect(r.body.message).toMatch(
      /^ "" is invalid: patch: Invalid value: ".*": json: cannot unmarshal number into Go struct field ConfigMap\.data of type string$/,
    );
  });

  it('keeps an immutable ConfigMap data and its immutable flag', async () => {
    await call('POST', CM, configMap('frozen', { a: '1' }, { immutable: true }));
    const r = await call('PUT', `${CM}/frozen`, configMap('frozen', { a: '2' }));
    expect(r.status).toBe(422);
    expect(r.body.message).toBe(
      'ConfigMap "frozen" is invalid: [immutable: Forbidden: field is immutable when `immutable` is set, data: Forbidden: field is immutable when `immutable` is set]',
    );
    const labelsOnly = await call(
      'PATCH',
      `${CM}/frozen`,
      { metadata: { labels: { a: 'b' } } },
      'application/merge-patch+json',
    );
    expect(labelsOnly.status).toBe(200);
  });

  it('refuses more than 1 MiB of data', async () => {
    const r = await call('POST', CM, configMap('big', { a: 'x'.repeat(600_000), b: 'y'.repeat(600_000) }));
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('ConfigMap "big" is invalid: []: Too long: may not be more than 1048576 bytes');
  });
});
