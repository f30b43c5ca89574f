// The canary runner against the shared mesh and a real Prometheus: a failing canary (sa-logic v2, FAIL_RANDOMLY)
// rolls back on its own and leaves v1 at 100 %; a healthy one (v3) is promoted; a colleague's `kubectl patch` mid-run
// pauses it with the reason; a runner stopped mid-run is followed by another that resumes from the ConfigMap; two
// runners at once never both step it; a step asks Prometheus at most three queries; a Prometheus outage holds the run.
// Tests that need a step to be due move their runners' clock instead of waiting out the interval.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CanaryRun } from '../../lib/api/canary.js';
import { createPrometheusSource } from '../../server/sources/prometheus.js';
import { freePort } from '../helpers/free-port.js';
import { kubectl, patchSaLogic } from '../helpers/kubectl.js';
import { call, fault, getJson } from '../helpers/traffic.js';
import {
  canaryDeps,
  countingPrometheus,
  deployHealthyV3,
  importCanaryRoutes,
  noCanary,
  readRun,
  runner,
  startCanary,
  testClock,
  untilCanaryTraffic,
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

const INTERVAL_MS = 3_000;
const LENIENT = { canary: 'v2', stepWeight: 20, maxWeight: 60, interval: '3s', gates: { minSuccessRate: 0 } };

async function started(body: Record<string, unknown>): Promise<CanaryRun> {
  const answer = await startCanary(routes, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  const run = answer.body as unknown as CanaryRun;
  await untilCanaryTraffic(prometheus.url, run.spec.canary, run.spec.interval);
  return run;
}

/** Polls the run until it is no longer progressing (the runner's own loop), for at most `ms`. */
async function finished(ms: number): Promise<CanaryRun> {
  const deadline = Date.now() + ms;
  let run = await readRun(routes);
  while (run.phase === 'progressing' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    run = await readRun(routes);
  }
  return run;
}

describe('the runner on its own', () => {
  it('rolls a failing canary (v2, FAIL_RANDOMLY) back within a few intervals and leaves v1 at 100 %', async () => {
    await started({
      canary: 'v2',
      stepWeight: 50,
      maxWeight: 50,
      interval: '3s',
      failureThreshold: 2,
      gates: { minSuccessRate: 99, minRequests: 3 },
    });
    const loop = runner(await canaryDeps(), { autoTick: true, tickMs: 500 });
    try {
      const run = await finished(60_000);
      expect(run.phase, JSON.stringify(run.steps)).toBe('rolledBack');
      expect(run.steps.at(-1)).toMatchObject({ decision: 'rollback', weight: 0 });
      expect(run.steps.at(-1)!.reason).toMatch(/2 of 2 failed intervals: rolling back to v1/);
      const failed = run.steps.find((s) => s.decision === 'fail');
      expect(failed?.gates.find((g) => g.name === 'success-rate')).toMatchObject({ passed: false, threshold: 99 });
    } finally {
      await loop.stop();
    }
    expect(await vsWeights(mesh.kubeconfig)).toEqual({ v1: 100 });
  });

  it('promotes a healthy canary (v3) to 100 %', async () => {
    await deployHealthyV3(mesh.kubeconfig);
    // v3's pod must be there before the start: the run's versions come from the pods.
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const pods = await kubectl(mesh.kubeconfig, ['-n', 'demo', 'get', 'pods', '-l', 'version=v3', '-o', 'name']);
      if (pods.trim()) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await started({
      canary: 'v3',
      baseline: 'v1',
      stepWeight: 50,
      maxWeight: 50,
      interval: '3s',
      gates: { minSuccessRate: 95, maxP99Ms: 5_000, minRequests: 1 },
      rewriteOnPromotion: true,
    });
    const loop = runner(await canaryDeps(), { autoTick: true, tickMs: 500 });
    try {
      const run = await finished(60_000);
      expect(run.phase, JSON.stringify(run.steps)).toBe('promoted');
      expect(run.weight).toBe(100);
    } finally {
      await loop.stop();
    }
    expect(await vsWeights(mesh.kubeconfig)).toEqual({ v3: 100 });
    // rewriteOnPromotion: the baseline's subset is gone from the DestinationRule, the canary's is there.
    const dr = await getJson(mesh.kubeconfig, 'dr');
    const subsets = (dr.spec['subsets'] as { name: string }[]).map((s) => s.name);
    expect(subsets).toContain('v3');
    expect(subsets).not.toContain('v1');
  });
});

describe('the runner and other writers', () => {
  it('pauses when a colleague patched the VirtualService since the last step, naming kubectl-patch, and writes nothing', async () => {
    await started(LENIENT);
    await patchSaLogic(mesh.kubeconfig, 'vs', [
      { op: 'replace', path: '/spec/http/0/route/0/weight', value: 70 },
      { op: 'replace', path: '/spec/http/0/route/1/weight', value: 30 },
    ]);
    const clock = testClock();
    const one = runner(await canaryDeps(), { now: clock.now });
    clock.advance(INTERVAL_MS);
    await one.tick();
    await one.stop();
    const run = await readRun(routes);
    expect(run.phase).toBe('paused');
    expect(run.pausedReason).toBe(
      'VirtualService demo/sa-logic was changed by kubectl-patch since the last step; paused so as not to overwrite it: resume to go on from the routing as it is',
    );
    expect(run.steps.at(-1)!.decision).toBe('pause');
    expect(await vsWeights(mesh.kubeconfig)).toEqual({ v1: 70, v2: 30 });
  });

  it('resumes from the ConfigMap when its runner stopped mid-run and a new one started', async () => {
    await started(LENIENT);
    const clock = testClock();
    const first = runner(await canaryDeps(), { now: clock.now });
    clock.advance(INTERVAL_MS);
    await first.tick();
    await first.stop();
    expect((await readRun(routes)).weight).toBe(40);

    // The first runner's Lease lasts three of its ticks (3 s); the second takes it over once that has passed.
    const second = runner(await canaryDeps(), { now: clock.now });
    clock.advance(INTERVAL_MS + 3_000);
    await second.tick();
    await second.stop();
    const run = await readRun(routes);
    expect(run.weight).toBe(60);
    expect(run.steps.map((s) => s.decision)).toEqual(['start', 'advance', 'advance']);
    const leases = await kubectl(mesh.kubeconfig, ['-n', 'demo', 'get', 'leases']);
    expect(leases).toMatch(new RegExp(`sextant-canary-sa-logic\\s+${second.identity}\\s`));
  });

  it('never lets two runners at once both step a run: one audit entry per weight change', async () => {
    const run0 = await started(LENIENT);
    const clock = testClock();
    const deps = await canaryDeps();
    const [a, b] = [runner(deps, { now: clock.now }), runner(deps, { now: clock.now })];
    // A fourth round finds the run promoted: nothing more to step.
    for (let round = 0; round < 4; round++) {
      clock.advance(INTERVAL_MS);
      await Promise.all([a.tick(), b.tick()]);
    }
    await Promise.all([a.stop(), b.stop()]);
    const run = await readRun(routes);
    expect(run.steps.map((s) => `${s.decision} ${s.weight}`)).toEqual([
      'start 20',
      'advance 40',
      'advance 60',
      'promote 100',
    ]);
    const history = await call(
      (await import('../../app/api/namespaces/[ns]/services/[name]/traffic/history/route.js')).GET as never,
      undefined,
      { method: 'GET', path: 'traffic/history' },
    );
    const canaryEntries = (history.body['entries'] as { id: string; intent: string; time: string }[]).filter(
      (e) => e.intent.startsWith('canary: ') && Date.parse(e.time) >= Date.parse(run0.startedAt),
    );
    expect(canaryEntries.map((e) => e.id).sort()).toEqual(run.steps.map((s) => s.entryId).sort());
  });
});

describe('a failed write', () => {
  afterEach(() => fault(mesh.endpoints, '/faults'));

  it("pauses the run with decision 'error' and the API server's message, and leaves the weights", async () => {
    await started(LENIENT);
    await fault(mesh.endpoints, '/faults/kubernetes', {
      status: 500,
      count: 1,
      verbs: ['update'],
      resource: 'virtualservices.networking.istio.io',
      dryRun: false,
    });
    const clock = testClock();
    const one = runner(await canaryDeps(), { now: clock.now });
    clock.advance(INTERVAL_MS);
    await one.tick();
    await one.stop();
    const run = await readRun(routes);
    expect(run).toMatchObject({ phase: 'paused', weight: 20 });
    expect(run.steps.at(-1)!.decision).toBe('error');
    expect(run.pausedReason).toMatch(
      /^the step's traffic change was not written: .*VirtualService demo\/sa-logic.*500/,
    );
    expect(await vsWeights(mesh.kubeconfig)).toEqual({ v1: 80, v2: 20 });
  });
});

describe('the runner and Prometheus', () => {
  it('asks Prometheus at most 3 queries per interval per run', async () => {
    await started({ ...LENIENT, gates: { minSuccessRate: 0, maxP99Ms: 60_000 } });
    const clock = testClock();
    const counting = countingPrometheus((await canaryDeps()).prometheus!);
    const one = runner(await canaryDeps({ prometheus: counting }), { now: clock.now });
    for (let interval = 0; interval < 2; interval++) {
      clock.advance(INTERVAL_MS);
      await one.tick();
      // Ticks within the interval: nothing is due, nothing is asked.
      await one.tick();
    }
    await one.stop();
    const run = await readRun(routes);
    const steps = run.steps.filter((s) => s.by === 'canary runner').length;
    expect(steps).toBe(2);
    expect(counting.queries.length).toBeLessThanOrEqual(3 * steps);
    expect(counting.queries.length).toBe(4); // requests and p99, both versions each
  });

  it('holds the run when Prometheus is down, says so, and never promotes', async () => {
    await started({ ...LENIENT, stepWeight: 60, maxWeight: 60 });
    const dead = `http://127.0.0.1:${await freePort()}`;
    const clock = testClock();
    const one = runner(await canaryDeps({ prometheus: createPrometheusSource({ url: dead, timeoutMs: 2_000 }) }), {
      now: clock.now,
    });
    for (let interval = 0; interval < 2; interval++) {
      clock.advance(INTERVAL_MS);
      await one.tick();
    }
    await one.stop();
    const run = await readRun(routes);
    expect(run).toMatchObject({ phase: 'progressing', weight: 60 });
    expect(run.steps.slice(1).map((s) => s.decision)).toEqual(['hold', 'hold']);
    expect(run.steps.at(-1)!.reason).toContain(dead);
    expect(run.steps.at(-1)!.reason).toMatch(/no promotion on missing data/);
    expect(await vsWeights(mesh.kubeconfig)).toEqual({ v1: 40, v2: 60 });
  });
});
