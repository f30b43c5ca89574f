// What the API server answers a write made against a resourceVersion that is no longer the stored one, the field
// manager it records and what dryRun=All leaves behind: the semantics the console's traffic write path builds on.
// Sources: apiserver registry/generic/registry/store.go (Update: the optimistic lock, "must be specified for an
// update"), apiserver endpoints/handlers/patch.go (applyJSPatch: a failing op is NewGenericServerResponse(422)),
// apimachinery pkg/api/errors/errors.go, apiextensions-apiserver customresource strategy.go (no unconditional
// update for custom resources), apiserver registry/generic/registry/dryrun.go.
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
const JSON_PATCH = 'application/json-patch+json';
const MERGE_PATCH = 'application/merge-patch+json';
const virtualService = (name: string, weight = 100) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name },
  spec: { hosts: ['sa-logic'], http: [{ route: [{ destination: { host: 'sa-logic', subset: 'v1' }, weight }] }] },
});
const conflictMessage = (name: string) =>
  `Operation cannot be fulfilled on virtualservices.networking.istio.io "${name}": the object has been modified; please apply your changes to the latest version and try again`;

/** Creates a VirtualService, then changes it behind the caller's back: returns the resourceVersion it first had. */
async function staleVirtualService(name: string): Promise<string> {
  const created = await call('POST', VS, virtualService(name));
  await call('PATCH', `${VS}/${name}`, { metadata: { labels: { colleague: 'was-here' } } }, MERGE_PATCH);
  return created.body.metadata.resourceVersion;
}

describe('a write against a stale resourceVersion', () => {
  it('answers a JSON patch replacing metadata.resourceVersion with 409 Conflict, writing nothing', async () => {
    const seen = await staleVirtualService('jp-replace');
    const before = store.resourceVersion;
    const r = await call(
      'PATCH',
      `${VS}/jp-replace`,
      [
        { op: 'replace', path: '/metadata/resourceVersion', value: seen },
        { op: 'replace', path: '/spec/http/0/route/0/weight', value: 90 },
      ],
      JSON_PATCH,
    );
    expect(r.status).toBe(409);
    expect(r.body.reason).toBe('Conflict');
    expect(r.body.message).toBe(conflictMessage('jp-replace'));
    expect(r.body.details).toEqual({ name: 'jp-replace', group: 'networking.istio.io', kind: 'virtualservices' });
    expect(store.resourceVersion).toBe(before);
  });

  it('answers a JSON patch whose test op on metadata.resourceVersion fails with the generic 422, no cause', async () => {
    const seen = await staleVirtualService('jp-test');
    const before = store.resourceVersion;
    const r = await call(
      'PATCH',
      `${VS}/jp-test`,
      [
        { op: 'test', path: '/metadata/resourceVersion', value: seen },
        { op: 'replace', path: '/spec/http/0/route/0/weight', value: 90 },
      ],
      JSON_PATCH,
    );
    expect(r.status).toBe(422);
    expect(r.body.reason).toBe('Invalid');
    expect(r.body.message).toBe('the server rejected our request due to an error in our request');
    expect(r.body.details).toEqual({});
    expect(store.resourceVersion).toBe(before);
  });

  it('answers a merge patch carrying the old metadata.resourceVersion with 409 Conflict', async () => {
    const seen = await staleVirtualService('mp');
    const r = await call(
      'PATCH',
      `${VS}/mp`,
      { metadata: { resourceVersion: seen }, spec: { hosts: ['x'] } },
      MERGE_PATCH,
    );
    expect(r.status).toBe(409);
    expect(r.body.message).toBe(conflictMessage('mp'));
  });

  it('applies the same JSON patch when the resourceVersion is the stored one', async () => {
    const created = await call('POST', VS, virtualService('jp-current'));
    const r = await call(
      'PATCH',
      `${VS}/jp-current?fieldManager=sextant`,
      [
        { op: 'replace', path: '/metadata/resourceVersion', value: created.body.metadata.resourceVersion },
        { op: 'replace', path: '/spec/http/0/route/0/weight', value: 90 },
      ],
      JSON_PATCH,
    );
    expect(r.status).toBe(200);
    expect(r.body.spec.http[0].route[0].weight).toBe(90);
    expect(Number(r.body.metadata.resourceVersion)).toBeGreaterThan(Number(created.body.metadata.resourceVersion));
  });

  it('answers a ConfigMap PUT with a stale resourceVersion with 409, and one without any as last write wins', async () => {
    const created = await call('POST', CM, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'audit' },
      data: { a: '1' },
    });
    await call('PATCH', `${CM}/audit`, { data: { a: '2' } }, MERGE_PATCH);
    const stale = await call('PUT', `${CM}/audit`, { ...created.body, data: { a: '3' } });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toBe(
      'Operation cannot be fulfilled on configmaps "audit": the object has been modified; please apply your changes to the latest version and try again',
    );
    const { resourceVersion: _dropped, ...metadata } = created.body.metadata;
    const blind = await call('PUT', `${CM}/audit`, { ...created.body, metadata, data: { a: '4' } });
    expect(blind.status).toBe(200);
    expect(blind.body.data).toEqual({ a: '4' });
  });

  it('refuses a VirtualService PUT without a resourceVersion: custom resources allow no unconditional update', async () => {
    const created = await call('POST', VS, virtualService('put-no-rv'));
    const { resourceVersion: _dropped, ...metadata } = created.body.metadata;
    const r = await call('PUT', `${VS}/put-no-rv`, { ...created.body, metadata, spec: virtualService('x', 50).spec });
    expect(r.status).toBe(422);
    expect(r.body.message).toBe(
      'virtualservices.networking.istio.io "put-no-rv" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
    );
    expect(r.body.details.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: 0x0: must be specified for an update',
        field: 'metadata.resourceVersion',
      },
    ]);
    expect(store.get(GR.virtualservices, 'demo', 'put-no-rv')!.spec.http[0].route[0].weight).toBe(100);
  });
});

describe('fieldManager=sextant', () => {
  const sextantEntry = (obj: { metadata: { managedFields?: { manager: string; operation: string }[] } }) =>
    obj.metadata.managedFields?.find((m) => m.manager === 'sextant');

  it('records an Update entry for a create, a JSON patch and a PUT', async () => {
    const created = await call('POST', `${VS}?fieldManager=sextant`, virtualService('managed'));
    expect(sextantEntry(created.body)).toMatchObject({ operation: 'Update', apiVersion: 'networking.istio.io/v1' });
    const other = await call(
      'PATCH',
      `${VS}/managed?fieldManager=kubectl-edit`,
      { spec: { hosts: ['y'] } },
      MERGE_PATCH,
    );
    const patched = await call(
      'PATCH',
      `${VS}/managed?fieldManager=sextant`,
      [{ op: 'replace', path: '/spec/http/0/route/0/weight', value: 90 }],
      JSON_PATCH,
    );
    expect(sextantEntry(patched.body)?.operation).toBe('Update');
    expect(JSON.stringify(sextantEntry(patched.body))).toContain('f:http');
    const put = await call('PUT', `${VS}/managed?fieldManager=sextant`, {
      ...patched.body,
      spec: virtualService('x', 80).spec,
    });
    expect(put.status).toBe(200);
    // The hosts kubectl-edit set are now sextant's: the PUT set them back.
    expect(put.body.metadata.managedFields.map((m: { manager: string }) => m.manager)).toContain('sextant');
    expect(other.status).toBe(200);
  });
});

describe('dryRun=All', () => {
  it('writes nothing and sends no watch event for a patch, a PUT or a delete, yet checks the resourceVersion', async () => {
    const created = await call('POST', VS, virtualService('dry'));
    const rv = created.body.metadata.resourceVersion;
    const count = events.length;
    const before = store.resourceVersion;
    const patch = [
      { op: 'replace', path: '/metadata/resourceVersion', value: rv },
      { op: 'replace', path: '/spec/http/0/route/0/weight', value: 10 },
    ];
    const patched = await call('PATCH', `${VS}/dry?dryRun=All&fieldManager=sextant`, patch, JSON_PATCH);
    expect(patched.status).toBe(200);
    expect(patched.body.spec.http[0].route[0].weight).toBe(10);
    expect(patched.body.metadata.resourceVersion).toBe(rv);
    const put = await call('PUT', `${VS}/dry?dryRun=All`, { ...created.body, spec: virtualService('x', 20).spec });
    expect(put.status).toBe(200);
    const gone = await call('DELETE', `${VS}/dry?dryRun=All`);
    expect(gone.status).toBe(200);
    expect(store.resourceVersion).toBe(before);
    expect(events.length).toBe(count);
    expect(store.get(GR.virtualservices, 'demo', 'dry')!.spec.http[0].route[0].weight).toBe(100);

    await call('PATCH', `${VS}/dry`, { metadata: { labels: { a: 'b' } } }, MERGE_PATCH);
    const stale = await call('PATCH', `${VS}/dry?dryRun=All`, patch, JSON_PATCH);
    expect(stale.status).toBe(409);
  });
});
