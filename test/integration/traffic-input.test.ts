// The traffic routes' guards against the shared mesh: another site's request (Fetch Metadata, Origin) and a request
// without the console's CSRF header are refused before anything is read; bad input is 400 naming the field (the
// contract) or 422 naming it (the planner, which knows the service's versions); applying without the plan's
// resourceVersion is refused. The routing read says how the service is routed now and that the user may change it.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { trafficRoutingResponse } from '../../lib/api/traffic-change.js';
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

beforeAll(async () => {
  routes = await importTrafficRoutes(mesh.kubeconfig);
  await articleState(mesh.kubeconfig);
});
afterAll(() => articleState(mesh.kubeconfig));

const CANARY = { weights: { v1: 90, v2: 10 }, dryRun: true };

describe('the traffic routes refuse', () => {
  it('a cross-site POST (Sec-Fetch-Site: cross-site, or an Origin of another host), and the rollback too', async () => {
    const before = await getJson(mesh.kubeconfig, 'vs');
    const crossSite = await call(routes.change, CANARY, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite).toMatchObject({ status: 403, body: { error: { code: 'cross_site' } } });
    const origin = await call(routes.change, CANARY, { headers: { origin: 'https://evil.example' } });
    expect(origin).toMatchObject({ status: 403, body: { error: { code: 'cross_site' } } });
    const rollback = await call(
      routes.rollback,
      {},
      { path: 'traffic/rollback', headers: { origin: 'https://evil.example' } },
    );
    expect(rollback.status).toBe(403);
    expect((await getJson(mesh.kubeconfig, 'vs')).metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  it('a POST without the x-sextant-csrf header, naming it', async () => {
    const answer = await call(routes.change, CANARY, { headers: { 'x-sextant-csrf': '' } });
    expect(answer).toMatchObject({
      status: 403,
      body: { error: { code: 'csrf_header', message: expect.stringContaining('x-sextant-csrf: 1') } },
    });
  });

  it('a body that is not JSON, with 400 saying to send JSON', async () => {
    const answer = await call(routes.change, 'weights=90', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(answer).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringMatching(/application\/json/) } },
    });
  });

  it('a weight over 100 with 400 naming weights.v1', async () => {
    const answer = await call(routes.change, { weights: { v1: 150, v2: -50 }, dryRun: true });
    expect(answer.status).toBe(400);
    expect(answer.body['error']).toMatchObject({ message: expect.stringMatching(/weights\.v1/) });
  });

  it('a version the service does not have with 422 naming weights.v3', async () => {
    const answer = await call(routes.change, { weights: { v1: 90, v3: 10 }, dryRun: true });
    expect(answer.status).toBe(422);
    expect(answer.body['error']).toMatchObject({
      code: 'invalid_change',
      message: expect.stringMatching(/weights\.v3/),
    });
  });

  it('an apply without the plan’s resourceVersion, naming the field', async () => {
    const answer = await call(routes.change, { weights: { v1: 90, v2: 10 } });
    expect(answer.status).toBe(400);
    expect(answer.body['error']).toMatchObject({ message: expect.stringMatching(/^resourceVersion: required/) });
  });
});

describe('a user without the right to write', () => {
  it('sees the plan disabled with the reason, and an apply refused with 403 naming the object and verb', async () => {
    // The mesh's forbid fault: RBAC denies updating VirtualServices in demo; the SelfSubjectAccessReview says so.
    await fault(mesh.endpoints, '/faults/kubernetes/forbid', {
      verbs: ['update'],
      resource: 'virtualservices.networking.istio.io',
      namespace: 'demo',
    });
    try {
      const planned = await plan(routes, { weights: { v1: 90, v2: 10 } });
      expect(planned['access']).toMatchObject({
        allowed: false,
        reason: expect.stringMatching(/may not update virtualservices\.networking\.istio\.io sa-logic in demo/),
      });
      const applied = await call(routes.change, {
        weights: { v1: 90, v2: 10 },
        resourceVersion: planned.plan.resourceVersion,
      });
      expect(applied.status).toBe(403);
      expect(applied.body['error']).toMatchObject({
        code: 'forbidden',
        message: expect.stringMatching(/update .*sa-logic/),
      });
    } finally {
      await fault(mesh.endpoints, '/faults');
    }
  });
});

describe('the routing read', () => {
  it('shows sa-logic all on v1 with both versions and their subsets, changeable by this user', async () => {
    const answer = await call(routes.routing, undefined, { method: 'GET', path: 'traffic/routing' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const routing = trafficRoutingResponse.parse(answer.body);
    expect(routing).toMatchObject({
      routedBy: 'istio',
      weights: { v1: 100, v2: 0 },
      sendAllBackTo: null,
      access: { allowed: true, reason: null },
      gitops: [],
    });
    expect(routing.versions.map((v) => [v.name, v.subset])).toEqual([
      ['v1', 'v1'],
      ['v2', 'v2'],
    ]);
  });
});
