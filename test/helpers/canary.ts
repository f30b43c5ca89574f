// The canary's integration tests: its routes called as Next.js calls them, runners the tests build and drive (with
// a clock of their own, so a step is due without waiting for it), a Prometheus source that counts its queries, and
// the shared mesh put back as the article has it (sa-logic all to v1, no run, no Lease, no v3) after each test.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CanaryRun } from '../../lib/api/canary.js';
import { CSRF_HEADER } from '../../lib/api/csrf.js';
import { createPrometheusSource, type PrometheusSource } from '../../server/sources/prometheus.js';
import {
  startCanaryRunner,
  processCanaryDeps,
  type CanaryRunner,
} from '../../server/traffic/canary/io/canary-runner.js';
import type { CanaryDeps } from '../../server/traffic/canary/io/step-run.js';
import { kubectl } from './kubectl.js';
import { articleState, call, getJson } from './traffic.js';

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
export interface CanaryRoutes {
  read: Handler;
  start: Handler;
  act: Handler;
  list: Handler;
}

/** The route modules, imported after the environment is set (getSources reads it on first use). */
export async function importCanaryRoutes(env: { kubeconfig: string; prometheusUrl: string }): Promise<CanaryRoutes> {
  process.env['KUBECONFIG'] = env.kubeconfig;
  process.env['PROMETHEUS_URL'] = env.prometheusUrl;
  // The tests drive their own runners; the routes must not start the process's.
  process.env['SEXTANT_CANARY_RUNNER'] = 'off';
  process.env['SEXTANT_CANARY_MIN_INTERVAL_SECONDS'] = '2';
  const service = await import('../../app/api/namespaces/[ns]/services/[name]/canary/route.js');
  return {
    read: service.GET as Handler,
    start: service.POST as Handler,
    act: (await import('../../app/api/namespaces/[ns]/services/[name]/canary/[action]/route.js')).POST as Handler,
    list: (await import('../../app/api/canaries/route.js')).GET as Handler,
  };
}

export async function startCanary(routes: CanaryRoutes, body: Record<string, unknown>, service = 'sa-logic') {
  return call(routes.start, body, { path: 'canary', service });
}

export async function readRun(routes: CanaryRoutes, service = 'sa-logic'): Promise<CanaryRun> {
  const answer = await call(routes.read, undefined, { method: 'GET', path: 'canary', service });
  if (answer.status !== 200) throw new Error(`GET canary answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as unknown as CanaryRun;
}

export async function act(routes: CanaryRoutes, action: string, service = 'sa-logic') {
  const res = await routes.act(
    new Request(`http://console/api/namespaces/demo/services/${service}/canary/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
    }),
    { params: Promise.resolve({ ns: 'demo', name: service, action }) },
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A Prometheus source that counts the queries it was asked. */
export function countingPrometheus(source: PrometheusSource): PrometheusSource & { queries: string[] } {
  const queries: string[] = [];
  return {
    ...source,
    queries,
    instant(query, options) {
      queries.push(query);
      return source.instant(query, options);
    },
  };
}

/** A clock the test moves: runners built on it find their steps due without waiting. */
export function testClock() {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance(ms: number) {
      offsetMs += ms;
    },
  };
}

export async function canaryDeps(overrides: Partial<CanaryDeps> = {}): Promise<CanaryDeps> {
  const deps = await processCanaryDeps();
  return { traffic: deps.traffic, prometheus: deps.prometheus, store: deps.store, ...overrides };
}

export function runner(
  deps: CanaryDeps,
  options: { now?: () => Date; autoTick?: boolean; tickMs?: number } = {},
): CanaryRunner {
  return startCanaryRunner({
    deps,
    tickMs: options.tickMs ?? 1_000,
    autoTick: options.autoTick ?? false,
    now: options.now,
  });
}

/** The default route's weight per subset, as kubectl shows the VirtualService. */
export async function vsWeights(kubeconfig: string): Promise<Record<string, number>> {
  const vs = await getJson(kubeconfig, 'vs');
  const routes = (vs.spec['http'] as { route: { destination: { subset: string }; weight?: number }[] }[])[0]!.route;
  return Object.fromEntries(routes.map((d) => [d.destination.subset, d.weight ?? 100]));
}

/** sa-logic v3: v2's Deployment without FAIL_RANDOMLY (a healthy release), ready at once. */
export async function deployHealthyV3(kubeconfig: string): Promise<void> {
  const file = join(tmpdir(), `sa-logic-v3-${process.pid}.json`);
  const labels = { app: 'sa-logic', version: 'v3' };
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'sa-logic-v3', namespace: 'demo', labels },
      spec: {
        selector: { matchLabels: labels },
        replicas: 1,
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: 'sa-logic',
            containers: [
              {
                name: 'sa-logic',
                image: 'rinormaloku/sentiment-analysis-logic:istio-mastery',
                ports: [{ containerPort: 5000 }],
              },
            ],
          },
        },
      },
    }),
  );
  await kubectl(kubeconfig, ['apply', '-f', file]);
}

/** The article's state, without any run, Lease or v3. */
export async function noCanary(kubeconfig: string): Promise<void> {
  await kubectl(kubeconfig, [
    '-n',
    'demo',
    'delete',
    'configmap/sextant-canary-sa-logic',
    'lease.coordination.k8s.io/sextant-canary-sa-logic',
    'deployment/sa-logic-v3',
    '--ignore-not-found',
  ]);
  await articleState(kubeconfig);
}

/**
 * Waits until Prometheus has requests to the canary version in the last `window` (its gates hold without them): a
 * step right after the start would otherwise see none yet, the split being seconds old.
 */
export async function untilCanaryTraffic(prometheusUrl: string, version: string, window = '3s'): Promise<void> {
  const source = createPrometheusSource({ url: prometheusUrl, timeoutMs: 5_000 });
  const query = `sum(increase(istio_requests_total{reporter="destination",destination_service_namespace="demo",destination_service_name="sa-logic",destination_version="${version}"}[${window}]))`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const [sample] = await source.instant(query);
    if (sample && sample.value > 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`Prometheus at ${prometheusUrl} saw no requests to sa-logic ${version} in 30 s`);
}
