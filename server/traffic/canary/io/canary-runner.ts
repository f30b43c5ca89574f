// The loop that steps the progressing runs: every tick, one cluster-wide LIST of the runs' ConfigMaps (never one per
// namespace), then for each progressing run its Lease (renewed every tick by the runner that holds it, so a second
// replica never steps it; taken over when the holder has been gone for three ticks) and, when due, its step.
// Started once per console process by the first call of /readyz (which a Kubernetes readiness probe, `npm run
// demo` and the tests' console make within seconds of the start) or of a canary route; off with
// SEXTANT_CANARY_RUNNER=off; a test or the bench builds its own. Not from instrumentation.ts: Next.js compiles it
// apart from the routes, so the process-wide sources it would create first carry a second copy of every class, and
// the routes' instanceof checks of their errors (JaegerError, PrometheusError, …) would fail.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { getCaches } from '../../../caches.js';
import { log } from '../../../observability/log.js';
import { detached } from '../../../observability/telemetry.js';
import { kubernetesWrites } from '../../../sources/kubernetes-writes.js';
import { getSources, type Sources } from '../../../sources/sources.js';
import { trafficDeps } from '../../io/traffic-deps.js';
import { holdCanaryLease } from './canary-lease.js';
import { canaryStore } from './canary-store.js';
import { isDue, stepRun, type CanaryDeps, type StepReport } from './step-run.js';

export interface CanaryRunner {
  readonly identity: string;
  /** One pass over the runs (what every tick does); resolves when it is done. */
  tick(): Promise<void>;
  /** Stops the loop and waits for the pass under way. */
  stop(): Promise<void>;
}

export interface RunnerOptions {
  deps: CanaryDeps;
  tickMs: number;
  identity?: string;
  /** Told of every step taken or skipped, for tests and logs. */
  onStep?: (service: { namespace: string; name: string }, report: StepReport) => void;
  now?: () => Date;
  /** false: no timer, only tick() calls step (tests that drive the clock themselves). Default true. */
  autoTick?: boolean;
}

export const newRunnerIdentity = () => `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;

export function startCanaryRunner(options: RunnerOptions): CanaryRunner {
  const identity = options.identity ?? newRunnerIdentity();
  const lease = { identity, durationSeconds: Math.max(1, Math.ceil((3 * options.tickMs) / 1000)) };
  const now = options.now ?? (() => new Date());
  const { deps } = options;
  let running: Promise<void> | null = null;
  let stopped = false;

  async function pass(): Promise<void> {
    const { runs } = await deps.store.list();
    await Promise.all(
      runs
        .filter((s) => s.run.phase === 'progressing')
        .map(async (s) => {
          const service = s.run.service;
          const at = now();
          try {
            if (!isDue(s.run, at)) {
              await holdCanaryLease(deps.traffic.kube, deps.traffic.writes, service, lease, at);
              return;
            }
            const report = await stepRun(deps, service, lease, at);
            options.onStep?.(service, report);
          } catch (err) {
            log.error('canary runner: a step failed', { err, namespace: service.namespace, service: service.name });
          }
        }),
    );
  }

  function tick(): Promise<void> {
    // One pass at a time: a slow pass (an API server taking its time) is not overlapped by the next tick's.
    running ??= pass()
      .catch((err: unknown) => log.error('canary runner: could not list the runs', { err }))
      .finally(() => {
        running = null;
      });
    return running;
  }

  const timer =
    options.autoTick === false
      ? null
      : setInterval(() => {
          if (!stopped) void tick();
        }, options.tickMs);
  timer?.unref(); // the runner never keeps a process alive by itself

  return {
    identity,
    tick,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}

// Next.js may load this module once per route bundle; globalThis keeps one runner per process.
const slot = globalThis as typeof globalThis & { __sextantCanaryRunner?: Promise<CanaryRunner | null> };

/** The deps of the process's runner and routes: the process-wide sources and caches. */
export async function processCanaryDeps(): Promise<
  CanaryDeps & { tickMs: number; minIntervalSeconds: number; runner: boolean }
> {
  const sources = await getSources();
  const traffic = trafficDeps(sources, getCaches());
  return {
    traffic,
    prometheus: sources.prometheus,
    store: canaryStore(sources.kubernetes, kubernetesWrites(sources.kubernetes)),
    ...sources.config.canary,
  };
}

/**
 * The deps of a person's request: the run's record is the console's (the runner keeps it), but the traffic change
 * and its checks are made with the person's sources, so the cluster's RBAC decides and the run names them.
 */
export async function canaryDepsFor(
  person: Sources,
): Promise<CanaryDeps & { tickMs: number; minIntervalSeconds: number; runner: boolean }> {
  return { ...(await processCanaryDeps()), traffic: trafficDeps(person, getCaches()) };
}

/** Starts this process's runner once (unless SEXTANT_CANARY_RUNNER=off); a failed start is retried by the next call. */
export function ensureCanaryRunner(): Promise<CanaryRunner | null> {
  if (!slot.__sextantCanaryRunner) {
    const starting = detached(() =>
      processCanaryDeps().then((deps) => (deps.runner ? startCanaryRunner({ deps, tickMs: deps.tickMs }) : null)),
    );
    slot.__sextantCanaryRunner = starting;
    starting.catch(() => {
      if (slot.__sextantCanaryRunner === starting) slot.__sextantCanaryRunner = undefined;
    });
  }
  return slot.__sextantCanaryRunner;
}
