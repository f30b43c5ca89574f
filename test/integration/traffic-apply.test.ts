// The traffic write path against the shared mesh and real kubectl: a 90/10 canary of sa-logic planned and applied
// through POST …/traffic (kubectl then shows the weights and field manager sextant; the graph the split), and the
// ways an apply must write nothing or leave the cluster as it was: a colleague's `kubectl patch` between plan and
// apply (409, nothing overwritten), a dry-run the API server refuses (422, untouched), a second write that fails after
// the first succeeded (the first restored). Each test starts from the article's state and the suite ends in it.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { graphResponse } from '../../lib/api/graph.js';
import { kubectl, patchSaLogic } from '../helpers/kubectl.js';
import {
  articleState,
  call,
  fault,
  getJson,
  importTrafficRoutes,
  plan,
  type TrafficRoutes,
} from '../helpers/traffic.js';

const mesh = inject('mesh');
let routes: TrafficRoutes;
let graphGet: (req: Request) => Promise<Response>;

beforeAll(async () => {
  process.env['PROMETHEUS_URL'] = mesh.endpoints['prometheus']!;
  routes = await importTrafficRoutes(mesh.kubeconfig);
  graphGet = (await import('../../app/api/graph/route.js')).GET as unknown as typeof graphGet;
});
beforeEach(() => articleState(mesh.kubeconfig));
afterEach(() => fault(mesh.endpoints, '/faults'));
afterAll(() => articleState(mesh.kubeconfig));

const CANARY = { weights: { v1: 90, v2: 10 } };

/** The default route's weight per subset, as kubectl shows the VirtualService. */
const weightsOf = (vs: { spec: Record<string, unknown> }) =>
  Object.fromEntries(
    ((vs.spec['http'] as { route: { destination: { subset: string }; weight?: number }[] }[])[0]!.route ?? []).map(
      (d) => [d.destination.subset, d.weight ?? 100],
    ),
  );

async function graphShare(): Promise<number | null> {
  const res = await graphGet(new Request('http://console/api/graph?namespaces=demo&duration=10s'));
  const graph = graphResponse.parse(await res.json());
  const rps = (v: string) =>
    graph.edges.find((e) => e.source === 'svc:demo:sa-logic' && e.target === `vapp:demo:sa-logic:${v}`)?.rps ?? 0;
  const total = rps('v1') + rps('v2');
  return total > 0 ? rps('v2') / total : null;
}

describe('applying a canary', () => {
  it('writes 90/10 with field manager sextant, as kubectl shows, and the graph shows the split within a refresh', async () => {
    const planned = await plan(routes, CANARY);
    expect(planned['findings']).toEqual([]);
    expect(planned['access']).toEqual({ allowed: true, reason: null });
    const applied = await call(routes.change, { ...CANARY, resourceVersion: planned.plan.resourceVersion });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body['applied']).toMatchObject({ entryId: expect.stringMatching(/^\d+-[0-9a-f]{6}$/) });

    const yaml = await kubectl(mesh.kubeconfig, [
      '-n',
      'demo',
      'get',
      'vs',
      'sa-logic',
      '-o',
      'yaml',
      '--show-managed-fields',
    ]);
    expect(yaml).toMatch(/manager: sextant/);
    expect(weightsOf(await getJson(mesh.kubeconfig, 'vs'))).toEqual({ v1: 90, v2: 10 });

    // The graph's 10 s rate window, read until it holds only the new split's traffic (scrapes every second).
    const deadline = Date.now() + 40_000;
    let share: number | null = null;
    while (Date.now() < deadline) {
      share = await graphShare();
      if (share !== null && Math.abs(share - 0.1) < 0.05) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(share).not.toBeNull();
    expect(Math.abs(share! - 0.1)).toBeLessThan(0.05);
  });

  it('answers 409 "changed since you looked" when someone patches the VirtualService between plan and apply, and overwrites nothing', async () => {
    const planned = await plan(routes, CANARY);
    const theirs = [{ op: 'add', path: '/spec/http/0/timeout', value: '3s' }];
    await patchSaLogic(mesh.kubeconfig, 'vs', theirs);
    const before = await getJson(mesh.kubeconfig, 'vs');

    const applied = await call(routes.change, { ...CANARY, resourceVersion: planned.plan.resourceVersion });
    expect(applied.status).toBe(409);
    expect(applied.body['error']).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/changed since you looked/),
    });
    expect(applied.body['error']).toMatchObject({ message: expect.stringContaining('VirtualService demo/sa-logic') });
    const after = await getJson(mesh.kubeconfig, 'vs');
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(after.spec).toEqual(before.spec);
    expect(weightsOf(after)).toEqual({ v1: 100 });
  });

  it('refuses the apply with 422 and the API server’s words when its dry-run fails, and leaves the cluster untouched', async () => {
    const planned = await plan(routes, CANARY);
    const before = await getJson(mesh.kubeconfig, 'vs');
    // The faults API fails the next dry-run update of a VirtualService (500), as a failing admission webhook would.
    await fault(mesh.endpoints, '/faults/kubernetes', {
      status: 500,
      count: 1,
      verbs: ['update'],
      resource: 'virtualservices.networking.istio.io',
      dryRun: true,
    });
    const applied = await call(routes.change, { ...CANARY, resourceVersion: planned.plan.resourceVersion });
    expect(applied.status, JSON.stringify(applied.body)).toBe(422);
    expect(applied.body['error']).toMatchObject({
      code: 'findings',
      message: expect.stringMatching(/VirtualService demo\/sa-logic.*injected fault.*\(dry-run\)/),
    });
    const after = await getJson(mesh.kubeconfig, 'vs');
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  it('shows a refused dry-run as an error finding of the plan, naming the object', async () => {
    await fault(mesh.endpoints, '/faults/kubernetes', {
      status: 500,
      count: 1,
      verbs: ['update'],
      resource: 'virtualservices.networking.istio.io',
      dryRun: true,
    });
    const planned = await plan(routes, CANARY);
    expect(planned['findings']).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        code: 'dry-run',
        object: expect.objectContaining({ kind: 'VirtualService', name: 'sa-logic' }),
      }),
    );
  });

  it('restores the DestinationRule it wrote first when the VirtualService write then fails, so the cluster is as it was', async () => {
    // Without its v2 subset, the DestinationRule is written first (the subset), then the VirtualService (the split).
    const noV2 = [{ op: 'remove', path: '/spec/subsets/1' }];
    await patchSaLogic(mesh.kubeconfig, 'dr', noV2);
    const drBefore = await getJson(mesh.kubeconfig, 'dr');
    const vsBefore = await getJson(mesh.kubeconfig, 'vs');
    const planned = await plan(routes, CANARY);
    expect(planned.plan.objects.map((o) => [o.kind, o.action])).toEqual(
      expect.arrayContaining([
        ['VirtualService', 'update'],
        ['DestinationRule', 'update'],
      ]),
    );
    // The real write of the VirtualService fails; its dry-run (and the DestinationRule's write) pass.
    await fault(mesh.endpoints, '/faults/kubernetes', {
      status: 500,
      count: 1,
      verbs: ['update'],
      resource: 'virtualservices.networking.istio.io',
      dryRun: false,
    });
    const applied = await call(routes.change, { ...CANARY, resourceVersion: planned.plan.resourceVersion });
    expect(applied.status, JSON.stringify(applied.body)).toBe(502);
    expect(applied.body['error']).toMatchObject({
      message: expect.stringMatching(/VirtualService demo\/sa-logic.*restored DestinationRule demo\/sa-logic/),
    });
    const drAfter = await getJson(mesh.kubeconfig, 'dr');
    expect(drAfter.spec).toEqual(drBefore.spec);
    expect(drAfter.metadata.labels).toEqual(drBefore.metadata.labels);
    const vsAfter = await getJson(mesh.kubeconfig, 'vs');
    expect(vsAfter.metadata.resourceVersion).toBe(vsBefore.metadata.resourceVersion);
  });
});
