// Record and undo against the shared mesh: every applied change lands in the audit ConfigMap (kubectl reads it), the
// history lists the service's entries newest first, a rollback restores the exact prior spec and is recorded as one;
// an Argo CD-tracked VirtualService gets the GitOps warning with the change as a patch to commit instead.
import { parse } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { trafficChangeResponse, trafficHistoryResponse } from '../../lib/api/traffic-change.js';
import { kubectl } from '../helpers/kubectl.js';
import { articleState, call, getJson, importTrafficRoutes, plan, type TrafficRoutes } from '../helpers/traffic.js';

const mesh = inject('mesh');
let routes: TrafficRoutes;

beforeAll(async () => {
  routes = await importTrafficRoutes(mesh.kubeconfig);
});
beforeEach(() => articleState(mesh.kubeconfig));
afterAll(() => articleState(mesh.kubeconfig));

async function apply(change: Record<string, unknown>) {
  const planned = await plan(routes, change);
  const applied = await call(routes.change, { ...change, resourceVersion: planned.plan.resourceVersion });
  expect(applied.status, JSON.stringify(applied.body)).toBe(200);
  return trafficChangeResponse.parse(applied.body);
}

async function history() {
  const answer = await call(routes.history, undefined, { method: 'GET', path: 'traffic/history' });
  expect(answer.status).toBe(200);
  return trafficHistoryResponse.parse(answer.body);
}

describe('the audit log and rollback', () => {
  it('records each applied change in the sextant-audit ConfigMap and lists it first in the history', async () => {
    const applied = await apply({ weights: { v1: 50, v2: 50 } });
    const id = applied.applied!.entryId;
    const cm = JSON.parse(
      await kubectl(mesh.kubeconfig, ['-n', 'istio-system', 'get', 'configmap', 'sextant-audit', '-o', 'json']),
    ) as { data: Record<string, string> };
    const entry = JSON.parse(cm.data[id]!) as Record<string, unknown>;
    expect(entry).toMatchObject({
      id,
      kind: 'change',
      result: 'applied',
      service: { namespace: 'demo', name: 'sa-logic' },
      user: expect.stringMatching(/^kubeconfig user .+ \(context .+\)$/),
    });
    const { entries } = await history();
    expect(entries[0]).toMatchObject({ id, kind: 'change', result: 'applied' });
    expect(entries[0]!.objects.find((o) => o.kind === 'VirtualService')?.after).toMatchObject({
      spec: expect.objectContaining({ hosts: ['sa-logic'] }),
    });
  });

  it('rolls back to the exact spec before the last change, planned first, and records the rollback', async () => {
    const before = await getJson(mesh.kubeconfig, 'vs');
    await apply({ weights: { v1: 90, v2: 10 } });
    expect((await getJson(mesh.kubeconfig, 'vs')).spec).not.toEqual(before.spec);

    const planned = await call(routes.rollback, { dryRun: true }, { path: 'traffic/rollback' });
    expect(planned.status, JSON.stringify(planned.body)).toBe(200);
    const token = trafficChangeResponse.parse(planned.body).plan.resourceVersion;
    const rolled = await call(routes.rollback, { resourceVersion: token }, { path: 'traffic/rollback' });
    expect(rolled.status, JSON.stringify(rolled.body)).toBe(200);

    expect((await getJson(mesh.kubeconfig, 'vs')).spec).toEqual(before.spec);
    const { entries } = await history();
    expect(entries[0]).toMatchObject({ kind: 'rollback', result: 'applied' });
  });

  it('refuses a rollback to an entry that is not in the history, naming the field', async () => {
    const answer = await call(routes.rollback, { to: '1-abcdef', dryRun: true }, { path: 'traffic/rollback' });
    expect(answer.status).toBe(404);
    expect(answer.body['error']).toMatchObject({ message: expect.stringMatching(/^to: no change 1-abcdef/) });
  });

  it('warns that Argo CD owns a VirtualService it tracks, with the change as a patch to commit, and still applies it', async () => {
    // Argo CD's annotation-based resource tracking (argo-cd.readthedocs.io, "Resource Tracking": argocd.argoproj.io/tracking-id).
    const tracking = 'argocd.argoproj.io/tracking-id=sentiment:networking.istio.io/VirtualService:demo/sa-logic';
    await kubectl(mesh.kubeconfig, ['-n', 'demo', 'annotate', 'vs', 'sa-logic', tracking, '--overwrite']);
    try {
      const planned = await plan(routes, { weights: { v1: 90, v2: 10 } });
      const warning = trafficChangeResponse
        .parse(planned)
        .warnings.find((w) => w.kind === 'gitops' && w.object?.kind === 'VirtualService');
      expect(warning?.message).toMatch(/Argo CD.*next sync will undo/);
      const committed = parse(warning!.patch!) as { spec: { http: { route: { weight: number }[] }[] } };
      expect(committed.spec.http[0]!.route.map((r) => r.weight)).toEqual([90, 10]);
      const applied = await call(routes.change, {
        weights: { v1: 90, v2: 10 },
        resourceVersion: planned.plan.resourceVersion,
      });
      expect(applied.status).toBe(200);
    } finally {
      await kubectl(mesh.kubeconfig, ['-n', 'demo', 'annotate', 'vs', 'sa-logic', 'argocd.argoproj.io/tracking-id-']);
    }
  });
});
