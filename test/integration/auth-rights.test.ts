// Authorization is Kubernetes' (issue 21, part 3), under the token strategy against the shared mesh's API server: two
// ServiceAccounts of demo log in with their `kubectl create token` tokens and the console reads and writes with their
// rights, not its own. The viewer (view in demo, and read on Istio's kinds, which view does not cover) sees demo and not
// istio-system, gets a 403 naming the verb and resource where it may not look, reads a pod's log but not its Envoy
// config, and may not change routing; the editor (edit, and write on Istio's kinds) shifts sa-logic's traffic, and the
// audit log names it. The article's routing of sa-logic is put back at the end, since other suites share the mesh.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { kubectl } from '../helpers/kubectl.js';
import {
  forgetTokenStrategy,
  getAs,
  importLoginRoute,
  logIn,
  useTokenStrategy,
  type Handler,
} from '../helpers/token-login.js';
import { articleState, call, getJson, importTrafficRoutes, plan, type TrafficRoutes } from '../helpers/traffic.js';

const mesh = inject('mesh');
const NS = 'demo';
let routes: TrafficRoutes;
let namespaces: Handler;
let workloads: Handler;
let workload: Handler;
let serviceDetail: Handler;
let graph: Handler;
let podLogs: Handler;
let envoySection: Handler;
let viewer: string;
let editor: string;
/** A sa-logic pod of demo, and a workload of istio-system (istiod), as kubectl names them. */
let demoPod: string;
let istioWorkload: string;

// A traffic change reads (and may write) Gateway API's routes beside Istio's, as the person: the kinds the console's
// deploy/rbac/istio-view-edit.yaml adds to view and edit, here in Roles of demo only, since other suites share the mesh.
const ROUTING_KINDS =
  '--resource=virtualservices.networking.istio.io,destinationrules.networking.istio.io,' +
  'httproutes.gateway.networking.k8s.io,grpcroutes.gateway.networking.k8s.io';

/** The ServiceAccounts, roles and bindings this file makes, in the order they are made. */
const RIGHTS: string[][] = [
  ['serviceaccount', 'viewer'],
  ['rolebinding', 'viewer-view', '--clusterrole=view', `--serviceaccount=${NS}:viewer`],
  ['role', 'rights-routing-reader', '--verb=get,list,watch', ROUTING_KINDS],
  ['rolebinding', 'viewer-routing-reader', '--role=rights-routing-reader', `--serviceaccount=${NS}:viewer`],
  ['serviceaccount', 'editor'],
  ['rolebinding', 'editor-edit', '--clusterrole=edit', `--serviceaccount=${NS}:editor`],
  // Kubernetes' edit covers none of these kinds (neither Istio nor Gateway API ships a role that aggregates into it).
  ['role', 'rights-routing-editor', '--verb=get,list,watch,create,update,patch,delete', ROUTING_KINDS],
  ['rolebinding', 'editor-routing-editor', '--role=rights-routing-editor', `--serviceaccount=${NS}:editor`],
];

async function removeRights(): Promise<void> {
  for (const [kind, name] of [...RIGHTS].reverse())
    await kubectl(mesh.kubeconfig, ['delete', kind!, name!, '-n', NS, '--ignore-not-found']);
}

const tokenOf = async (account: string) =>
  (await kubectl(mesh.kubeconfig, ['create', 'token', account, '-n', NS])).trim();

beforeAll(async () => {
  useTokenStrategy(mesh.kubeconfig);
  process.env['PROMETHEUS_URL'] = mesh.endpoints['prometheus']!;
  const login = await importLoginRoute();
  routes = await importTrafficRoutes(mesh.kubeconfig);
  namespaces = (await import('../../app/api/namespaces/route.js')).GET as Handler;
  workloads = (await import('../../app/api/namespaces/[ns]/workloads/route.js')).GET as Handler;
  workload = (await import('../../app/api/namespaces/[ns]/workloads/[name]/route.js')).GET as Handler;
  serviceDetail = (await import('../../app/api/namespaces/[ns]/services/[name]/route.js')).GET as Handler;
  graph = (await import('../../app/api/graph/route.js')).GET as Handler;
  podLogs = (await import('../../app/api/namespaces/[ns]/pods/[pod]/logs/route.js')).GET as Handler;
  envoySection = (await import('../../app/api/namespaces/[ns]/pods/[pod]/envoy/[section]/route.js')).GET as Handler;

  await removeRights(); // what a run that died before its afterAll left
  for (const [kind, name, ...flags] of RIGHTS)
    await kubectl(mesh.kubeconfig, ['create', kind!, name!, ...flags, '-n', NS]);
  viewer = await logIn(login, await tokenOf('viewer'));
  editor = await logIn(login, await tokenOf('editor'));

  demoPod = await kubectl(mesh.kubeconfig, [
    ...['get', 'pods', '-n', NS, '-l', 'app=sa-logic'],
    ...['-o', 'jsonpath={.items[0].metadata.name}'],
  ]);
  istioWorkload = await kubectl(mesh.kubeconfig, [
    ...['get', 'deployments', '-n', 'istio-system'],
    ...['-o', 'jsonpath={.items[0].metadata.name}'],
  ]);
  expect(demoPod).not.toBe('');
  expect(istioWorkload).not.toBe('');
  await articleState(mesh.kubeconfig);
});

afterAll(async () => {
  await articleState(mesh.kubeconfig);
  await removeRights();
  forgetTokenStrategy();
});

/** Expects the console's 403 and answers its message, which a person reads to know which right they lack. */
async function forbidden(res: Response): Promise<string> {
  const body = (await res.json()) as { error?: { code: string; message: string } };
  expect(res.status, JSON.stringify(body).slice(0, 500)).toBe(403);
  expect(body.error?.code).toBe('forbidden');
  return body.error!.message;
}

/** The default route's weight per subset, as kubectl shows sa-logic's VirtualService. */
async function weightsNow(): Promise<Record<string, number>> {
  const vs = await getJson(mesh.kubeconfig, 'vs');
  const http = vs.spec['http'] as { route: { destination: { subset: string }; weight?: number }[] }[];
  return Object.fromEntries(http[0]!.route.map((d) => [d.destination.subset, d.weight ?? 100]));
}

const CANARY = { weights: { v1: 90, v2: 10 } };

describe('what a viewer of demo may see', () => {
  it('lists demo among the namespaces, and not istio-system', async () => {
    const res = await getAs(namespaces, '/api/namespaces', { cookie: viewer });
    expect(res.status).toBe(200);
    const names = ((await res.json()) as { name: string }[]).map((n) => n.name);
    expect(names).toContain(NS);
    expect(names).not.toContain('istio-system');
  });

  it("answers its reads of istio-system's workloads, a workload there and its graph 403, naming the verb and the resource", async () => {
    // The verb and the resource, as "may not list pods in namespace istio-system" or "may not get namespaces/istio-system".
    const inIstioSystem = /\bmay not (get|list|watch) [a-z][a-z.]*(\/istio-system\b| .*\bin namespace istio-system\b)/;
    const list = await getAs(workloads, '/api/namespaces/istio-system/workloads', {
      cookie: viewer,
      params: { ns: 'istio-system' },
    });
    expect(await forbidden(list)).toMatch(inIstioSystem);
    const one = await getAs(workload, `/api/namespaces/istio-system/workloads/${istioWorkload}`, {
      cookie: viewer,
      params: { ns: 'istio-system', name: istioWorkload },
    });
    expect(await forbidden(one)).toMatch(inIstioSystem);
    const drawn = await getAs(graph, '/api/graph?namespaces=istio-system', { cookie: viewer });
    expect(await forbidden(drawn)).toMatch(inIstioSystem);
  });

  it("lists demo's workloads, sa-logic among them", async () => {
    const res = await getAs(workloads, `/api/namespaces/${NS}/workloads`, { cookie: viewer, params: { ns: NS } });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(JSON.stringify(await res.json())).toContain('"sa-logic"');
  });

  it("opens sa-logic's workload and service in demo, though it may not list Telemetries or WasmPlugins mesh-wide", async () => {
    // Their pages match the Istio config that applies against kinds listed across the cluster; a kind the person may
    // not list there contributes nothing (load-applied-config.ts), as a namespace's viewer may not.
    const params = { ns: NS, name: 'sa-logic' };
    const one = await getAs(workload, `/api/namespaces/${NS}/workloads/sa-logic`, { cookie: viewer, params });
    expect(one.status, (await one.clone().text()).slice(0, 500)).toBe(200);
    expect(await one.json()).toMatchObject({ name: 'sa-logic', namespace: NS });
    const service = await getAs(serviceDetail, `/api/namespaces/${NS}/services/sa-logic`, { cookie: viewer, params });
    expect(service.status, (await service.clone().text()).slice(0, 500)).toBe(200);
  });

  it("reads a demo pod's log (view allows pods/log) but not its Envoy config (pods/proxy is not in view)", async () => {
    const log = await getAs(podLogs, `/api/namespaces/${NS}/pods/${demoPod}/logs?container=istio-proxy&tailLines=5`, {
      cookie: viewer,
      params: { ns: NS, pod: demoPod },
    });
    expect(log.status, await log.clone().text()).toBe(200);
    expect(((await log.json()) as { lines: unknown[] }).lines.length).toBeGreaterThan(0);

    const clusters = await getAs(envoySection, `/api/namespaces/${NS}/pods/${demoPod}/envoy/clusters`, {
      cookie: viewer,
      params: { ns: NS, pod: demoPod, section: 'clusters' },
    });
    // The verb and the resource, in the console's words or the API server's ("cannot get resource \"pods/proxy\"").
    expect(await forbidden(clusters)).toMatch(/\b(may not|cannot) get\b.*\bpods\/proxy\b/);
  });

  it("shows sa-logic's routing as not the viewer's to change, saying why, and refuses their change with 403, writing nothing", async () => {
    const headers = { cookie: viewer };
    const routing = await call(routes.routing, undefined, { method: 'GET', path: 'traffic/routing', headers });
    expect(routing.status, JSON.stringify(routing.body)).toBe(200);
    expect(routing.body['weights']).toEqual({ v1: 100, v2: 0 });
    const access = routing.body['access'] as { allowed: boolean; reason: string | null };
    expect(access.allowed).toBe(false);
    expect(access.reason).toMatch(/may not update virtualservices\.networking\.istio\.io sa-logic in demo/);

    const before = await getJson(mesh.kubeconfig, 'vs');
    const planned = await plan(routes, CANARY, { headers });
    expect(planned['access']).toMatchObject({ allowed: false });
    const applied = await call(
      routes.change,
      { ...CANARY, resourceVersion: planned.plan.resourceVersion },
      { headers },
    );
    expect(applied.status, JSON.stringify(applied.body)).toBe(403);
    expect(applied.body['error']).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/may not update virtualservices\.networking\.istio\.io sa-logic in demo/),
    });
    const after = await getJson(mesh.kubeconfig, 'vs');
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(await weightsNow()).toEqual({ v1: 100 });
  });
});

describe('what an editor of demo may change', () => {
  it('shifts sa-logic to 90/10 as kubectl then shows, and the history names the editor as who did it', async () => {
    const headers = { cookie: editor };
    const planned = await plan(routes, CANARY, { headers });
    expect(planned['access']).toEqual({ allowed: true, reason: null });
    const applied = await call(
      routes.change,
      { ...CANARY, resourceVersion: planned.plan.resourceVersion },
      { headers },
    );
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(await weightsNow()).toEqual({ v1: 90, v2: 10 });

    const history = await call(routes.history, undefined, { method: 'GET', path: 'traffic/history', headers });
    expect(history.status, JSON.stringify(history.body)).toBe(200);
    const [newest] = history.body['entries'] as { user: string; intent: string; result: string }[];
    expect(newest).toMatchObject({ user: 'system:serviceaccount:demo:editor', result: 'applied' });
    expect(newest!.intent).toMatch(/90 % to v1 and 10 % to v2/);
  });
});
