// coordination.k8s.io/v1 Leases as kube-apiserver serves them: a holder's lock taken by create, renewed by update with
// the resourceVersion it read (a stale one is 409, so two holders never both win), MicroTime fields decoded strictly
// (RFC 3339 with six fractional digits) and served in UTC, and ValidateLeaseSpec's ranges. Sources: apimachinery
// pkg/apis/meta/v1 micro_time.go, pkg/apis/coordination/validation/validation.go, client-go tools/leaderelection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeApi } from '../../../src/kube/start-kube-api.js';
import { startTestApi, type ApiAnswer } from './kube-api-client.js';

let api: KubeApi;
let call: (method: string, path: string, body?: unknown, contentType?: string) => Promise<ApiAnswer>;
beforeAll(async () => {
  ({ api, call } = await startTestApi());
});
afterAll(() => api.close());

const LEASES = '/apis/coordination.k8s.io/v1/namespaces/demo/leases';
const lease = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name },
  spec,
});

describe('Leases', () => {
  it('are listed by discovery under coordination.k8s.io/v1', async () => {
    const answer = await call('GET', '/apis/coordination.k8s.io/v1');
    expect(answer.status).toBe(200);
    expect(answer.body.resources.map((r: { name: string; kind: string }) => `${r.name}:${r.kind}`)).toContain(
      'leases:Lease',
    );
  });

  it('keep their holder and serve acquireTime and renewTime in UTC with microseconds', async () => {
    const created = await call(
      'POST',
      LEASES,
      lease('holder-a', {
        holderIdentity: 'console-1',
        leaseDurationSeconds: 6,
        acquireTime: '2026-12-06T23:00:00.123456+01:00',
        renewTime: '2026-12-06T22:00:01.000001Z',
        leaseTransitions: 0,
      }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const read = await call('GET', `${LEASES}/holder-a`);
    expect(read.body.spec).toEqual({
      holderIdentity: 'console-1',
      leaseDurationSeconds: 6,
      acquireTime: '2026-12-06T22:00:00.123456Z',
      renewTime: '2026-12-06T22:00:01.000001Z',
      leaseTransitions: 0,
    });
  });

  it('refuse a second create of the same name with 409 AlreadyExists', async () => {
    await call('POST', LEASES, lease('holder-b', { holderIdentity: 'console-1' }));
    const second = await call('POST', LEASES, lease('holder-b', { holderIdentity: 'console-2' }));
    expect(second.status).toBe(409);
    expect(second.body.reason).toBe('AlreadyExists');
  });

  it('let one of two holders that read the same resourceVersion take the lease, the other gets 409 Conflict', async () => {
    const created = await call('POST', LEASES, lease('holder-c', { holderIdentity: 'console-1' }));
    const rv = created.body.metadata.resourceVersion as string;
    const takeover = (holder: string) =>
      call('PUT', `${LEASES}/holder-c`, {
        ...lease('holder-c', { holderIdentity: holder, leaseTransitions: 1 }),
        metadata: { name: 'holder-c', resourceVersion: rv },
      });
    const first = await takeover('console-2');
    const second = await takeover('console-3');
    expect(first.status).toBe(200);
    expect(second.status).toBe(409);
    expect(second.body.reason).toBe('Conflict');
    expect((await call('GET', `${LEASES}/holder-c`)).body.spec.holderIdentity).toBe('console-2');
  });

  it('refuse a renewTime without microseconds as the decoder does (400, naming the layout)', async () => {
    const answer = await call('POST', LEASES, lease('holder-d', { renewTime: '2026-12-06T22:00:01Z' }));
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain('2006-01-02T15:04:05.000000Z07:00');
  });

  it('refuse a leaseDurationSeconds of 0 and negative leaseTransitions (422 naming each field)', async () => {
    const answer = await call('POST', LEASES, lease('holder-e', { leaseDurationSeconds: 0, leaseTransitions: -1 }));
    expect(answer.status).toBe(422);
    expect(answer.body.details.causes.map((c: { field: string }) => c.field)).toEqual([
      'spec.leaseDurationSeconds',
      'spec.leaseTransitions',
    ]);
    expect(answer.body.message).toContain('must be greater than 0');
  });
});
