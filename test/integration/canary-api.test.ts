// The canary's routes against the shared mesh: what a person sends that cannot be a run is refused naming the field
// (a service with one version, a version it does not have, maxWeight under stepWeight, an interval under the
// console's floor, a second run), a run starts with its first step written through the traffic path, and pause,
// resume, abort and the list of runs answer as the contract says. Each test ends with the article's routing back.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { canaryRun, canaryRunsResponse } from '../../lib/api/canary.js';
import { kubectl } from '../helpers/kubectl.js';
import { call } from '../helpers/traffic.js';
import {
  act,
  importCanaryRoutes,
  noCanary,
  readRun,
  startCanary,
  vsWeights,
  type CanaryRoutes,
} from '../helpers/canary.js';

const mesh = inject('mesh');
const prometheus = inject('prometheus');
let routes: CanaryRoutes;

beforeAll(async () => {
  routes = await importCanaryRoutes({ kubeconfig: mesh.kubeconfig, prometheusUrl: prometheus.url });
  await noCanary(mesh.kubeconfig);
});
afterEach(() => noCanary(mesh.kubeconfig));
afterAll(() => noCanary(mesh.kubeconfig));

const RUN = {
  canary: 'v2',
  stepWeight: 20,
  maxWeight: 60,
  interval: '30s',
  gates: { minSuccessRate: 99, maxP99Ms: 500, minRequests: 5 },
};

const message = (body: Record<string, unknown>) => (body['error'] as { message: string }).message;

describe('refusing what cannot be a canary run', () => {
  it('refuses a service with one version, naming the canary field', async () => {
    const answer = await startCanary(routes, RUN, 'sa-frontend');
    expect(answer.status, JSON.stringify(answer.body)).toBe(422);
    expect(message(answer.body)).toMatch(/^canary: /);
  });

  it('refuses a version the service does not have, naming the field and the versions there are', async () => {
    const answer = await startCanary(routes, { ...RUN, canary: 'v9' });
    expect(answer.status).toBe(422);
    expect(message(answer.body)).toMatch(/canary: .*v9/);
    expect(message(answer.body)).toMatch(/v1/);
  });

  it('refuses maxWeight below stepWeight with 400 naming maxWeight', async () => {
    const answer = await startCanary(routes, { ...RUN, stepWeight: 30, maxWeight: 20 });
    expect(answer.status).toBe(400);
    expect(message(answer.body)).toMatch(/maxWeight/);
  });

  it('refuses an interval under SEXTANT_CANARY_MIN_INTERVAL_SECONDS, naming the variable', async () => {
    const answer = await startCanary(routes, { ...RUN, interval: '1s' });
    expect(answer.status).toBe(422);
    expect(message(answer.body)).toMatch(/^interval: at least 2s \(SEXTANT_CANARY_MIN_INTERVAL_SECONDS\)/);
  });

  it('refuses a second run on the same service with 409, and writes nothing for it', async () => {
    expect((await startCanary(routes, RUN)).status).toBe(200);
    const second = await startCanary(routes, { ...RUN, stepWeight: 50, maxWeight: 50 });
    expect(second.status).toBe(409);
    expect(message(second.body)).toMatch(/already progressing/);
    expect(await vsWeights(mesh.kubeconfig)).toEqual({ v1: 80, v2: 20 });
  });
});

describe('a run and a person', () => {
  it('starts at stepWeight through the traffic path: kubectl shows 80/20, the ConfigMap holds the run, the history the change', async () => {
    const started = await startCanary(routes, RUN);
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const run = canaryRun.parse(started.body);
    expect(run).toMatchObject({ phase: 'progressing', weight: 20, spec: { baseline: 'v1', canary: 'v2' } });
    expect(run.steps.map((s) => s.decision)).toEqual(['start']);
    expect(await vsWeights(mesh.kubeconfig)).toEqual({ v1: 80, v2: 20 });

    const cm = JSON.parse(
      await kubectl(mesh.kubeconfig, ['-n', 'demo', 'get', 'configmap', 'sextant-canary-sa-logic', '-o', 'json']),
    ) as { metadata: { labels: Record<string, string> }; data: Record<string, string> };
    expect(cm.metadata.labels).toMatchObject({
      'sextant.dev/canary-run': 'sa-logic',
      'app.kubernetes.io/managed-by': 'sextant',
    });
    expect(JSON.parse(cm.data['run.json']!)).toMatchObject({ id: run.id, weight: 20 });

    const history = await call(
      (await import('../../app/api/namespaces/[ns]/services/[name]/traffic/history/route.js')).GET as never,
      undefined,
      { method: 'GET', path: 'traffic/history' },
    );
    const entries = history.body['entries'] as { id: string; intent: string }[];
    const entry = entries.find((e) => e.id === run.steps[0]!.entryId);
    expect(entry?.intent).toMatch(/^canary: start/);
  });

  it('pauses, resumes and aborts: abort sends everything back to the baseline at once', async () => {
    await startCanary(routes, RUN);
    const paused = await act(routes, 'pause');
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ phase: 'paused', nextStepAt: null });
    expect(paused.body['pausedReason']).toMatch(/^paused by /);
    expect((await act(routes, 'resume')).body).toMatchObject({ phase: 'progressing' });
    const aborted = await act(routes, 'abort');
    expect(aborted.body).toMatchObject({ phase: 'aborted', weight: 0 });
    expect(await vsWeights(mesh.kubeconfig)).toEqual({ v1: 100 });
    const again = await act(routes, 'resume');
    expect(again.status).toBe(409);
    expect(message(again.body)).toMatch(/aborted/);
  });

  it('starts a new run over a finished one (the ConfigMap is reused)', async () => {
    await startCanary(routes, RUN);
    await act(routes, 'abort');
    const again = await startCanary(routes, { ...RUN, stepWeight: 10 });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ phase: 'progressing', weight: 10 });
    expect(await vsWeights(mesh.kubeconfig)).toEqual({ v1: 90, v2: 10 });
  });

  it('answers 404 naming the actions for an action there is not', async () => {
    await startCanary(routes, RUN);
    const answer = await act(routes, 'restart');
    expect(answer.status).toBe(404);
    expect(message(answer.body)).toBe(
      'there is no canary action restart; the actions are pause, resume, abort, promote',
    );
  });

  it('promotes now: 100 % to the canary, and the list of runs shows it promoted', async () => {
    await startCanary(routes, RUN);
    expect((await act(routes, 'promote')).body).toMatchObject({ phase: 'promoted', weight: 100 });
    expect(await vsWeights(mesh.kubeconfig)).toEqual({ v2: 100 });
    const res = await routes.list(new Request('http://console/api/canaries?namespaces=demo'), {
      params: Promise.resolve({}),
    });
    const list = canaryRunsResponse.parse(await res.json());
    expect(list.runs).toEqual([
      expect.objectContaining({ namespace: 'demo', service: 'sa-logic', phase: 'promoted', weight: 100 }),
    ]);
  });

  it('answers 404 for a service that never had a run', async () => {
    const answer = await call(routes.read, undefined, { method: 'GET', path: 'canary', service: 'sa-frontend' });
    expect(answer.status).toBe(404);
    expect(message(answer.body)).toMatch(/has no canary run/);
    await expect(readRun(routes, 'sa-frontend')).rejects.toThrow(/404/);
  });
});
