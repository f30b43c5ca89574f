// Issue 22 part 3: every route of a running console (app/**/route.ts, read from the file system) driven with random
// and hostile requests (api-fuzz-inputs.ts) by a person logged in with a token that may do everything. Whatever it
// sends, the console answers without a 5xx of its own, a stack trace, a secret or a header the request injected; an
// API error is `{error:{code,message}}`; and the cluster is as it was, since every change it sends is refused.
// Seeded: SEXTANT_FUZZ_SEED=<seed> replays a run (the seed is printed with every failure); SEXTANT_FUZZ_RUNS sets the
// requests per route.
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, kubectl } from '@sextant/mesh-in-a-box';
import { CSRF_HEADER } from '../../lib/api/csrf.js';
import { ISTIO_KINDS } from '../../lib/istio-kinds.js';
import { startConsole, type ConsoleProcess } from '../../scripts/console-process.js';
import { INJECTED_HEADER, describeRequest, requestOf, type FuzzTarget } from './api-fuzz-inputs.js';
import { apiRoutes, type ApiRoute } from './api-routes.js';
import { loadDemo } from './demo-facts.js';
import { header, rawRequest, type RawRequest, type RawResponse } from './raw-http.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SEED = Number(process.env['SEXTANT_FUZZ_SEED'] ?? randomBytes(4).readUInt32BE() >>> 1);
const RUNS = Number(process.env['SEXTANT_FUZZ_RUNS'] ?? 50);
const ANSWER_MS = 20_000;
const { kubeconfig, prometheusUrl, jaegerUrl, consoleUrl: demoConsoleUrl } = inject('e2e');

// Known values for what must never reach a browser: the session secret, Prometheus' basic-auth password (and the
// Authorization header made of it), the token the person logged in with.
const SECRETS = {
  sessionSecret: `fuzz-session-secret-${randomBytes(24).toString('hex')}`,
  prometheusPassword: `fuzz-prometheus-password-${randomBytes(12).toString('hex')}`,
  token: '', // from kubectl create token, below
};
const PROMETHEUS_USER = 'fuzz-prometheus-user';

// Routes that take a POST but change nothing in the cluster: they may get a body their contract accepts. Any other
// route's fuzzed body is one its contract refuses, so that a route which took it would be a finding, not a change.
const CHANGE_NOTHING = new Set([
  'app/api/auth/login/route.ts',
  'app/api/auth/logout/route.ts',
  'app/api/namespaces/[ns]/authorization/simulate/route.ts',
  // The paths no route serves (and those whose .. leads out of /api, to a page).
  'app/api/[...path]/route.ts',
]);

const CHANGES = ['POST', 'PUT', 'PATCH', 'DELETE'];
const SOURCES = ['kubernetes', 'prometheus', 'jaeger', 'tempo', 'envoy'];

const routes = await apiRoutes();
let consoleApp: ConsoleProcess;
let target: FuzzTarget;
let before: Map<string, string>;
// How the answers spread over the statuses: a fuzz whose requests all stop at the first check tests little.
const statuses = new Map<number, number>();

/** resourceVersion of every Istio object, ConfigMap (audit log, canary runs), Service and Deployment. */
async function clusterState(): Promise<Map<string, string>> {
  const kinds = [...ISTIO_KINDS.map((k) => k.toLowerCase()), 'configmaps', 'services', 'deployments', 'secrets'];
  const list = JSON.parse(await kubectl(kubeconfig, ['get', kinds.join(','), '-A', '-o', 'json'])) as {
    items: { kind: string; metadata: { namespace?: string; name: string; resourceVersion: string } }[];
  };
  return new Map(
    list.items.map((o) => [`${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`, o.metadata.resourceVersion]),
  );
}

/** The objects created, deleted or changed between two states. */
function changedSince(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
}

function secretsIn(text: string): string[] {
  const basic = Buffer.from(`${PROMETHEUS_USER}:${SECRETS.prometheusPassword}`).toString('base64');
  const found = Object.entries(SECRETS)
    .filter(([, value]) => value && (text.includes(value) || text.includes(encodeURIComponent(value))))
    .map(([name]) => name);
  return text.includes(basic) ? [...found, 'prometheus basic auth'] : found;
}

// The read-only Envoy admin pages the console may forward (issue 22: port 15000 only, no /quitquitquit, /logging…),
// as server/sources/envoy-admin-paths.ts allows them; written out here, so that the test does not trust that list.
const READ_ONLY_ADMIN = new Set(['/config_dump', '/clusters', '/stats', '/certs', '/server_info', '/ready']);

/** The problem when the Envoy admin route forwarded what it must refuse, else null. */
function forwardedAdmin(target: string): string | null {
  const search = new URL(target, 'http://console').searchParams;
  // parseSearch reads the query with Object.fromEntries: the last of a repeated key counts.
  const last = (key: string) => search.getAll(key).pop();
  const path = last('path') ?? '';
  const port = last('port') ?? '15000';
  const page = path.split('?')[0]!;
  return READ_ONLY_ADMIN.has(page) && port === '15000' ? null : `forwarded ${path} on port ${port} to Envoy admin`;
}

/** What is wrong with an answer; empty when nothing is. */
function problemsOf(route: ApiRoute, { method, target }: RawRequest, res: RawResponse): string[] {
  const problems: string[] = [];
  const all = `${res.head}\r\n\r\n${res.body}`;
  // Node's HTTP parser refuses some requests (a header too large, a malformed line) before the console sees them:
  // an empty answer without the console's headers.
  const fromParser = res.body === '' && header(res, 'content-security-policy') === undefined;
  let json: unknown = undefined;
  try {
    json = JSON.parse(res.body);
  } catch {
    json = undefined;
  }
  const error = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (res.status >= 500) {
    const fromSource =
      [502, 503, 504].includes(res.status) &&
      typeof error?.code === 'string' &&
      SOURCES.some((s) => (error.code as string).startsWith(`${s}_`));
    const probe = route.pattern === '/readyz' && res.status === 503;
    if (!fromSource && !probe) problems.push(`answered ${res.status}`);
  }
  // An answer to HEAD has no body (RFC 9110 §9.3.2).
  if (route.pattern.startsWith('/api/') && res.status >= 400 && !fromParser && method !== 'HEAD') {
    if (typeof error?.code !== 'string' || typeof error.message !== 'string' || !error.message)
      problems.push(`an error (${res.status}) that is not {error:{code,message}}: ${res.body.slice(0, 200)}`);
  }
  if (/^\s+at \S.*(?:\(|:\d+)/m.test(res.body)) problems.push('a stack trace in the body');
  if (res.body.includes(ROOT) || /node_modules|webpack-internal:|\.next\/server/.test(res.body))
    problems.push('a file path of the server in the body');
  if (route.pattern.endsWith('/envoy/admin') && res.status === 200) {
    const forwarded = forwardedAdmin(target);
    if (forwarded) problems.push(forwarded);
  }
  for (const name of secretsIn(all)) problems.push(`the secret ${name} in the answer`);
  // A parsed header value cannot hold CR or LF; an injection that worked shows as a header of its own.
  if (res.headers.some(([n]) => n === INJECTED_HEADER))
    problems.push(`the injected header ${INJECTED_HEADER} in the answer`);
  return problems;
}

beforeAll(async () => {
  await kubectl(kubeconfig, ['create', 'serviceaccount', 'fuzz-admin', '-n', 'demo']);
  await kubectl(kubeconfig, [
    'create',
    'clusterrolebinding',
    'fuzz-admin',
    '--clusterrole=cluster-admin',
    '--serviceaccount=demo:fuzz-admin',
  ]);
  SECRETS.token = (await kubectl(kubeconfig, ['create', 'token', 'fuzz-admin', '-n', 'demo'])).trim();
  const port = await freePort();
  const [started, demo] = await Promise.all([
    startConsole({
      root: ROOT,
      port,
      env: {
        KUBECONFIG: kubeconfig,
        PROMETHEUS_URL: prometheusUrl,
        PROMETHEUS_USERNAME: PROMETHEUS_USER,
        PROMETHEUS_PASSWORD: SECRETS.prometheusPassword,
        JAEGER_URL: jaegerUrl,
        SEXTANT_AUTH_STRATEGY: 'token',
        SEXTANT_SESSION_SECRET: SECRETS.sessionSecret,
        // Nothing of this console's own may change the cluster while the fuzz watches it.
        SEXTANT_CANARY_RUNNER: 'off',
        // Every fuzzed login and change must reach its contract, not stop at the rate limit (rate-limits.test.ts
        // tests those): all of them come from one address within a minute.
        SEXTANT_LOGIN_LIMIT_PER_MINUTE: '100000',
        SEXTANT_WRITE_LIMIT_PER_MINUTE: '100000',
      },
    }),
    loadDemo(demoConsoleUrl),
  ]);
  consoleApp = started;
  const login = await fetch(`${consoleApp.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
    body: JSON.stringify({ token: SECRETS.token }),
  });
  expect(login.status, await login.clone().text()).toBe(200);
  const session = /^(sextant_session=[^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
  expect(session, 'the session cookie of the login').toBeTruthy();
  const { host } = new URL(consoleApp.url);
  const nowUs = Date.now() * 1000;
  target = {
    origin: consoleApp.url,
    host,
    session: session!,
    csrfHeader: CSRF_HEADER,
    validPath: {
      ns: ['demo', 'istio-system'],
      name: ['sa-logic', 'sa-webapp', 'sa-frontend'],
      kind: ['VirtualService', 'DestinationRule', 'vs', 'authorizationpolicies'],
      pod: [demo.pod, demo.otherPod],
      section: ['clusters', 'listeners', 'routes', 'config', 'bootstrap', 'server_info'],
      action: ['pause', 'resume', 'abort', 'promote'],
      traceId: [demo.traceId, demo.traceId.slice(0, 16)],
      // The catch-all of the paths no route serves.
      path: ['no-such-route', 'namespaces'],
    },
    validQuery: {
      namespace: ['demo'],
      namespaces: ['demo', 'demo,istio-system'],
      window: ['10m', '1h'],
      duration: ['60s', '10m'],
      graphType: ['app', 'versionedApp', 'workload', 'service'],
      injectServiceNodes: ['true', 'false'],
      includeIdle: ['true'],
      operationNodes: ['true'],
      latency: ['p95', 'p50,p99'],
      compareOffset: ['10m'],
      queryTime: [String(Math.floor(Date.now() / 1000))],
      edge: [demo.edge],
      node: [demo.node],
      kind: ['VirtualService'],
      findings: ['true'],
      by: ['version', 'code'],
      direction: ['inbound', 'outbound'],
      reporter: ['source', 'destination'],
      step: ['15s'],
      start: [String(nowUs - 600e6)],
      end: [String(nowUs)],
      compare: ['1h', '1d'],
      error: ['true'],
      limit: ['5', '500'],
      minDuration: ['1ms'],
      maxDuration: ['2s'],
      operation: ['GET'],
      tags: ['{"http.status_code":"500"}'],
      filter: ['outbound', 'sa-logic'],
      sort: ['name'],
      order: ['desc'],
      offset: ['0', '10'],
      path: [
        '/server_info',
        '/clusters?format=json',
        '/stats?filter=cluster\\.&format=json',
        '/config_dump?resource=dynamic_active_clusters',
        '/quitquitquit',
        '/logging?level=trace',
        '/healthcheck/fail',
        '/drain_listeners',
        '/runtime_modify?a=b',
        '/server_info/../quitquitquit',
        '/stats?filter=x&/quitquitquit',
      ],
      port: ['15000', '15001'],
      with: [demo.otherPod],
      container: ['istio-proxy'],
      sinceTime: [new Date(Date.now() - 600_000).toISOString()],
      tailLines: ['50'],
      before: [new Date().toISOString()],
      next: ['/graph', '//evil.example', '/\\evil.example'],
    },
  };
  before = await clusterState();
}, 180_000);

afterAll(async () => {
  const counts = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`);
  console.log(
    `API fuzz, seed ${SEED}: ${[...statuses.values()].reduce((a, b) => a + b, 0)} answers (${counts.join(', ')})`,
  );
  await consoleApp?.stop();
  await kubectl(kubeconfig, ['delete', 'clusterrolebinding', 'fuzz-admin', '--ignore-not-found']);
  await kubectl(kubeconfig, ['delete', 'serviceaccount', 'fuzz-admin', '-n', 'demo', '--ignore-not-found']);
});

describe(`the API under fuzz (SEXTANT_FUZZ_SEED=${SEED}, ${RUNS} requests a route)`, () => {
  it('has values for every path parameter and query key of every route', () => {
    const missing = routes.flatMap((r) => [
      ...r.pathParams.filter((p) => !target.validPath[p]).map((p) => `${r.file}: path parameter ${p}`),
      ...r.queryKeys.filter((k) => !target.validQuery[k]).map((k) => `${r.file}: query key ${k}`),
    ]);
    expect(missing).toEqual([]);
    expect(routes.length).toBeGreaterThan(40);
  });

  it.for(routes.map((route) => [route.pattern, route] as const))(
    'answers %s without a 5xx, a stack, a secret or an injected header',
    { timeout: 120_000 },
    async ([, route]) => {
      // A change gets only bodies its contract refuses, and a change without a body (a canary's pause, abort…) only a
      // service that does not exist: it must refuse them all.
      const change = route.methods.some((m) => m !== 'GET') && !CHANGE_NOTHING.has(route.file);
      const aimed =
        change && !route.body ? { ...target, validPath: { ...target.validPath, name: ['fuzz-absent'] } } : target;
      const arbitrary = requestOf(route, aimed).filter(
        (c) => !change || !route.body || !c.json || !route.body.schema.safeParse(c.json.value).success,
      );
      await fc.assert(
        fc.asyncProperty(arbitrary, async (c) => {
          let res: RawResponse;
          try {
            res = await rawRequest(consoleApp.url, c.request, ANSWER_MS);
          } catch (err) {
            throw new Error(`${(err as Error).message}\n${describeRequest(c.request, target.session)}`);
          }
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const problems = problemsOf(route, c.request, res);
          // (Next answers OPTIONS itself, with the methods in Allow: no change.)
          if (change && CHANGES.includes(c.request.method) && res.status >= 200 && res.status < 300)
            problems.push(`answered ${res.status} to a change it must refuse`);
          if (problems.length > 0)
            throw new Error(
              `${problems.join('; ')} (SEXTANT_FUZZ_SEED=${SEED})\n${describeRequest(c.request, target.session)}\n--- answer\n${res.head}\n\n${res.body.slice(0, 800)}`,
            );
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      // Checked here too, so that a change names the route that made it.
      if (change) expect(changedSince(before, await clusterState())).toEqual([]);
    },
  );

  it('leaves every Istio object, ConfigMap, Service, Deployment and Secret of the cluster as it was', async () => {
    expect(changedSince(before, await clusterState())).toEqual([]);
  });
});
