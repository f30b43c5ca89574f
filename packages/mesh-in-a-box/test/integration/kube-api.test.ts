import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodLogEntry } from '../../src/kube/kube-api-hooks.js';
import { startKubeApi, type KubeApi } from '../../src/kube/start-kube-api.js';
import { writeKubeconfig } from '../../src/kube/write-kubeconfig.js';
import type { KubeObject } from '../../src/store/kube-object.js';
import { ObjectStore } from '../../src/store/object-store.js';
import { GR, RESOURCE_TYPES } from '../../src/store/resource-types.js';
import { FIXTURES } from '../helpers/fixtures.js';

const run = promisify(execFile);

let store: ObjectStore;
let api: KubeApi;
let dir: string;
let kubeconfig: string;
const logListeners = new Set<(entry: PodLogEntry) => void>();
const startedMs = Date.now();

async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await run('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args]);
  return stdout;
}

/** Runs kubectl expecting it to fail; returns what it printed on stderr. */
async function kubectlFails(...args: string[]): Promise<string> {
  try {
    await kubectl(...args);
  } catch (err) {
    return (err as { stderr: string }).stderr;
  }
  throw new Error(`kubectl ${args.join(' ')} succeeded`);
}

/** Runs a long-lived kubectl (get -w, logs -f) until `until` sees its output, then stops it. */
function kubectlStream(args: string[], until: (out: string) => boolean, act: () => void): Promise<string> {
  const child = spawn('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args]);
  let out = '';
  let acted = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => (child.kill(), reject(new Error(`kubectl ${args.join(' ')} printed only: ${out}`))),
      30_000, // generous: CI runs this beside other suites on two cores
    );
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!acted) {
        acted = true;
        setTimeout(act, 300); // after the watch or follow is open
      }
      if (until(out)) {
        clearTimeout(timer);
        child.kill();
        resolve(out);
      }
    });
  });
}

const pod = (namespace: string, name: string, app: string, phase: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels: { app } },
  spec: {
    nodeName: 'mesh-node',
    containers: [
      { name: app, image: `${app}:1` },
      { name: 'istio-proxy', image: 'proxyv2:1.24' },
    ],
  },
  status: {
    phase,
    podIP: '10.244.0.7',
    containerStatuses: [
      { name: app, ready: phase === 'Running', restartCount: 2 },
      { name: 'istio-proxy', ready: phase === 'Running', restartCount: 0 },
    ],
  },
});

beforeAll(async () => {
  store = new ObjectStore();
  const namespaces: [string, Record<string, string>][] = [
    ['demo', { 'istio-injection': 'enabled' }],
    ['bookinfo', {}],
    ['istio-system', {}],
  ];
  for (const [name, labels] of namespaces) {
    store.create(GR.namespaces, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels },
      status: { phase: 'Active' },
    });
  }
  store.create(GR.pods, pod('demo', 'sa-logic-7d9f', 'sa-logic', 'Running'));
  store.create(GR.pods, pod('demo', 'sa-webapp-5c4b', 'sa-webapp', 'Pending'));
  api = await startKubeApi({
    store,
    bookmarkIntervalMs: 500,
    hooks: {
      podLogs: ({ container }) => ({
        entries: [
          { timeMs: startedMs - 120_000, line: `${container} starting` },
          { timeMs: startedMs - 20_000, line: 'GET /sentiment 200' },
          { timeMs: startedMs - 1_000, line: 'GET /sentiment 503' },
        ],
        subscribe: (onEntry) => (logListeners.add(onEntry), () => logListeners.delete(onEntry)),
      }),
      podProxy: async ({ pod: target, port, path }) => ({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ state: 'LIVE', pod: target.metadata.name, port, path }),
      }),
    },
  });
  dir = await mkdtemp(join(tmpdir(), 'kube-api-'));
  kubeconfig = join(dir, 'config');
  writeKubeconfig(kubeconfig, { server: api.url });
});

afterAll(async () => {
  await api?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('discovery', () => {
  it('answers plain and aggregated discovery, so kubectl maps short names to Istio kinds', async () => {
    const plain = await fetch(`${api.url}/apis`, { headers: { accept: 'application/json' } });
    expect(plain.headers.get('content-type')).toBe('application/json');
    const groups = ((await plain.json()) as { groups: { name: string }[] }).groups.map((g) => g.name);
    expect(groups).toContain('networking.istio.io');
    const aggregated = await fetch(`${api.url}/apis`, {
      headers: { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' },
    });
    expect(aggregated.headers.get('content-type')).toContain('as=APIGroupDiscoveryList');
    expect(((await aggregated.json()) as { kind: string }).kind).toBe('APIGroupDiscoveryList');
    const resources = await kubectl('api-resources', '--api-group', 'networking.istio.io', '-o', 'name');
    expect(resources.split('\n')).toContain('virtualservices.networking.istio.io');
  });
});

describe('kubectl apply of the fixtures', () => {
  beforeAll(async () => {
    await kubectl('apply', '-f', `${FIXTURES}/sentiment-analysis/istio/`);
    await kubectl('apply', '-f', `${FIXTURES}/sentiment-analysis/istio/security/`);
    await kubectl('apply', '-f', `${FIXTURES}/bookinfo/networking/`, '-n', 'bookinfo');
    await kubectl('apply', '-f', `${FIXTURES}/bookinfo/kube/bookinfo.yaml`, '-n', 'bookinfo');
    for (const file of ['sa-feedback', 'sa-frontend', 'sa-logic', 'sa-web-app']) {
      await kubectl('apply', '-f', `${FIXTURES}/sentiment-analysis/kube/${file}-service.yaml`);
    }
  });

  it('stores every object once, with later files of the same name replacing earlier lists by merge patch', () => {
    // virtual-service-reviews-test-v2.yaml is applied last: its header match replaces the 50/50 and 90/10 splits.
    const reviews = store.get(GR.virtualservices, 'bookinfo', 'reviews')!;
    expect(reviews.spec.http).toHaveLength(2);
    expect(reviews.spec.http[0].match[0].headers['end-user'].exact).toBe('jason');
    expect(reviews.spec.http[0].route).toEqual([{ destination: { host: 'reviews', subset: 'v2' } }]);
    // sa-logic-vs.yaml follows sa-logic-vs-canary.yaml: one route at weight 100 in the default namespace demo.
    expect(store.get(GR.virtualservices, 'demo', 'sa-logic')!.spec.http[0].route).toHaveLength(1);
    expect(store.get(GR.peerauthentications, 'istio-system', 'default')!.spec.mtls.mode).toBe('STRICT');
    expect(
      store
        .list(GR.deployments, 'bookinfo')
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual(['details-v1', 'productpage-v1', 'ratings-v1', 'reviews-v1', 'reviews-v2', 'reviews-v3']);
    expect(store.get('/persistentvolumeclaims', 'demo', 'sqlite-pvc')).toBeDefined();
    expect(store.get(GR.virtualservices, 'bookinfo', 'reviews')!.apiVersion).toBe('networking.istio.io/v1');
  });

  it('lists every served kind as JSON with the count the store holds', async () => {
    for (const type of RESOURCE_TYPES) {
      const qualified = type.group ? `${type.resource}.${type.group}` : type.resource;
      const list = JSON.parse(await kubectl('get', qualified, '-A', '-o', 'json')) as { items: KubeObject[] };
      expect(list.items.length, qualified).toBe(store.list(`${type.group}/${type.resource}`).length);
    }
  });

  it('prints the columns kubectl users expect', async () => {
    const lines = (text: string) =>
      text
        .trim()
        .split('\n')
        .map((l) => l.split(/\s{2,}/));
    const pods = lines(await kubectl('get', 'pods'));
    expect(pods[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(pods[1]!.slice(0, 4)).toEqual(['sa-logic-7d9f', '2/2', 'Running', '2']);
    expect(lines(await kubectl('get', 'deployments', '-n', 'bookinfo'))[0]).toEqual([
      'NAME',
      'READY',
      'UP-TO-DATE',
      'AVAILABLE',
      'AGE',
    ]);
    const services = lines(await kubectl('get', 'svc', '-n', 'bookinfo'));
    expect(services[0]).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    const details = services.find((row) => row[0] === 'details')!;
    expect([details[1], details[3], details[4]]).toEqual(['ClusterIP', '<none>', '9080/TCP']);
    expect(details[2]).toMatch(/^10\.96\.\d+\.\d+$/);
    const vs = lines(await kubectl('get', 'vs', '-n', 'bookinfo'));
    expect(vs[0]).toEqual(['NAME', 'GATEWAYS', 'HOSTS', 'AGE']);
    expect(vs.find((row) => row[0] === 'bookinfo')!.slice(1, 3)).toEqual(['["bookinfo-gateway"]', '["*"]']);
    expect(lines(await kubectl('get', 'dr', '-n', 'bookinfo'))[0]).toEqual(['NAME', 'HOST', 'AGE']);
    expect(lines(await kubectl('get', 'pa', '-n', 'istio-system'))[1]!.slice(0, 2)).toEqual(['default', 'STRICT']);
    expect(lines(await kubectl('get', 'ns'))[0]).toEqual(['NAME', 'STATUS', 'AGE']);
    expect(lines(await kubectl('get', 'gateways.networking.istio.io', '-n', 'bookinfo'))[0]).toEqual(['NAME', 'AGE']);
  });

  it('serves Telemetry at v1 and v1alpha1, and refuses an override with a mode Istio does not have', async () => {
    const manifest = join(import.meta.dirname, '../../src/scenarios/synthetic/telemetry/request-operations.yaml');
    await kubectl('apply', '-f', manifest);
    const stored = store.get(GR.telemetries, 'istio-system', 'request-operations')!;
    expect(stored.spec.metrics[0].overrides[0].tagOverrides.request_operation.value).toBe('request.url_path');
    expect((await kubectl('get', 'telemetry', '-n', 'istio-system', '-o', 'name')).trim()).toBe(
      'telemetry.telemetry.istio.io/request-operations',
    );
    const alpha = JSON.parse(
      await kubectl(
        'get',
        'telemetries.v1alpha1.telemetry.istio.io',
        'request-operations',
        '-n',
        'istio-system',
        '-o',
        'json',
      ),
    ) as KubeObject;
    expect(alpha.apiVersion).toBe('telemetry.istio.io/v1alpha1');
    const bad = (await readFile(manifest, 'utf8')).replace('mode: SERVER', 'mode: SERVERS');
    await writeFile(join(dir, 'bad-telemetry.yaml'), bad);
    expect(await kubectlFails('apply', '-f', join(dir, 'bad-telemetry.yaml'))).toContain(
      'spec.metrics[0].overrides[0].match.mode: Unsupported value: "SERVERS"',
    );
    await kubectl('delete', '-f', manifest);
    expect(store.get(GR.telemetries, 'istio-system', 'request-operations')).toBeUndefined();
  });

  it('re-applies a changed Deployment as a strategic merge patch that keeps the other list items', async () => {
    const original = await readFile(`${FIXTURES}/sentiment-analysis/kube/sa-logic-service.yaml`, 'utf8');
    const changed = original.replace('value: "false"', 'value: "true"').replace('replicas: 2', 'replicas: 3');
    await writeFile(join(dir, 'sa-logic.yaml'), changed);
    await kubectl('apply', '-f', join(dir, 'sa-logic.yaml'));
    const deployment = store.get(GR.deployments, 'demo', 'sa-logic')!;
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.template.spec.containers[0].env).toEqual([{ name: 'FAIL_RANDOMLY', value: 'true' }]);
    expect(deployment.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 5000 }]);
    expect(deployment.metadata.generation).toBe(2);
    const managers = (deployment.metadata.managedFields as { manager: string; operation: string }[]).map(
      (m) => m.manager,
    );
    expect(managers).toContain('kubectl-client-side-apply');
  });

  it('patches a VirtualService by merge and JSON patch, and refuses a failed JSON patch test', async () => {
    await kubectl('patch', 'vs', 'sa-logic', '--type', 'merge', '-p', '{"spec":{"gateways":["http-gateway"]}}');
    await kubectl(
      'patch',
      'vs',
      'sa-logic',
      '--type',
      'json',
      '-p',
      '[{"op":"replace","path":"/spec/http/0/route/0/weight","value":80}]',
    );
    const vs = store.get(GR.virtualservices, 'demo', 'sa-logic')!;
    expect(vs.spec.gateways).toEqual(['http-gateway']);
    expect(vs.spec.http[0].route[0].weight).toBe(80);
    const before = store.resourceVersion;
    const stderr = await kubectlFails(
      'patch',
      'vs',
      'sa-logic',
      '--type',
      'json',
      '-p',
      '[{"op":"test","path":"/spec/hosts/0","value":"x"}]',
    );
    // patch.go answers a failed op with the generic 422 message only (errors.NewGenericServerResponse).
    expect(stderr).toContain('the server rejected our request due to an error in our request');
    expect(await kubectlFails('patch', 'vs', 'sa-logic', '-p', '{"spec":{"hosts":["x"]}}')).toContain('unknown format');
    expect(store.resourceVersion).toBe(before);
  });

  it('leaves the store untouched on apply --dry-run=server', async () => {
    const before = store.resourceVersion;
    const out = await kubectl(
      'apply',
      '--dry-run=server',
      '-f',
      `${FIXTURES}/sentiment-analysis/istio/sa-logic-vs-canary.yaml`,
    );
    expect(out).toContain('(server dry run)');
    expect(store.resourceVersion).toBe(before);
    expect(store.get(GR.virtualservices, 'demo', 'sa-logic')!.spec.http[0].route).toHaveLength(1);
  });

  it('refuses a bad manifest with 422 naming the field, and keeps what is stored', async () => {
    const canary = await readFile(`${FIXTURES}/sentiment-analysis/istio/sa-logic-vs-canary.yaml`, 'utf8');
    await writeFile(join(dir, 'bad.yaml'), canary.replace('weight: 90', 'weight: ninety'));
    const before = store.resourceVersion;
    const stderr = await kubectlFails('apply', '-f', join(dir, 'bad.yaml'));
    expect(stderr).toContain('spec.http[0].route[0].weight: Invalid value: "ninety": must be an integer');
    expect(store.resourceVersion).toBe(before);
    expect(store.get(GR.virtualservices, 'demo', 'sa-logic')!.spec.http[0].route[0].weight).toBe(80);
  });

  it('answers a PUT with a stale resourceVersion with 409 Conflict', async () => {
    const url = `${api.url}/apis/networking.istio.io/v1/namespaces/bookinfo/destinationrules/reviews`;
    const current = (await (await fetch(url)).json()) as KubeObject;
    const put = (obj: KubeObject) =>
      fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(obj) });
    expect((await put({ ...current, spec: { ...current.spec, host: 'reviews.bookinfo' } })).status).toBe(200);
    const stale = await put({ ...current, spec: { ...current.spec, host: 'stale' } });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ kind: 'Status', reason: 'Conflict', code: 409 });
    expect(store.get(GR.destinationrules, 'bookinfo', 'reviews')!.spec.host).toBe('reviews.bookinfo');
  });

  it('selects by label and field selectors', async () => {
    const names = async (...args: string[]) => (await kubectl('get', ...args, '-o', 'name')).trim().split('\n').sort();
    expect(await names('deploy', '-n', 'bookinfo', '-l', 'app=reviews,version!=v2')).toEqual([
      'deployment.apps/reviews-v1',
      'deployment.apps/reviews-v3',
    ]);
    expect(await names('deploy', '-n', 'bookinfo', '-l', 'version in (v2,v3),app')).toEqual([
      'deployment.apps/reviews-v2',
      'deployment.apps/reviews-v3',
    ]);
    expect(await names('pods', '--field-selector', 'status.phase=Running')).toEqual(['pod/sa-logic-7d9f']);
    expect(await names('deploy', '-A', '--field-selector', 'metadata.name=ratings-v1', '--chunk-size=1')).toEqual([
      'deployment.apps/ratings-v1',
    ]);
    expect(await names('deploy', '-A', '--chunk-size=2')).toHaveLength(10);
    expect(await kubectlFails('get', 'pods', '--field-selector', 'spec.color=blue')).toContain(
      'field label not supported',
    );
  });

  it('deletes, and kubectl get -w shows the change', async () => {
    const out = await kubectlStream(
      ['get', 'vs', '-n', 'bookinfo', '-w', '--output-watch-events'],
      // The whole line, not the word: kubectl may write "DELETED" and the name in separate chunks.
      (o) => /DELETED\s+details\b/.test(o),
      () => {
        void kubectl('delete', 'vs', 'details', '-n', 'bookinfo');
      },
    );
    expect(out).toMatch(/ADDED\s+details/);
    expect(out).toMatch(/DELETED\s+details/);
    expect(store.get(GR.virtualservices, 'bookinfo', 'details')).toBeUndefined();
  });
});

describe('kubectl create (protobuf bodies) and namespace deletion', () => {
  it('creates a namespace and a ConfigMap with kubectl create, and deleting the namespace empties it', async () => {
    await kubectl('create', 'namespace', 'scratch');
    await kubectl('create', 'configmap', 'settings', '-n', 'scratch', '--from-literal=mode=fast');
    expect(store.get(GR.configmaps, 'scratch', 'settings')!.data).toEqual({ mode: 'fast' });
    expect(store.get(GR.namespaces, undefined, 'scratch')!.status.phase).toBe('Active');
    await kubectl('delete', 'namespace', 'scratch');
    expect(store.list(GR.configmaps, 'scratch')).toEqual([]);
    expect(await kubectlFails('create', 'configmap', 'orphan', '-n', 'scratch')).toContain(
      'namespaces "scratch" not found',
    );
  });
});

describe('watch over HTTP', () => {
  it('answers a watch from a resourceVersion older than the history with 410 Gone', async () => {
    const cm = store.create(GR.configmaps, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'churn', namespace: 'demo' },
      data: { n: '0' },
    });
    const from = Number(cm.metadata.resourceVersion);
    for (let n = 1; n <= 5_001; n++)
      store.update(GR.configmaps, { ...store.get(GR.configmaps, 'demo', 'churn')!, data: { n: String(n) } });
    const res = await fetch(`${api.url}/api/v1/namespaces/demo/configmaps?watch=1&resourceVersion=${from}`);
    const events = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; object: { code?: number; reason?: string } });
    expect(events).toEqual([
      { type: 'ERROR', object: expect.objectContaining({ kind: 'Status', code: 410, reason: 'Expired' }) },
    ]);
  });

  it('filters watch events by label selector and ends at timeoutSeconds', async () => {
    const rv = store.resourceVersion;
    store.create(GR.pods, pod('demo', 'sa-frontend-1', 'sa-frontend', 'Running'));
    store.create(GR.pods, pod('demo', 'sa-logic-2', 'sa-logic', 'Running'));
    const query = `watch=1&resourceVersion=${rv}&labelSelector=app%3Dsa-logic&timeoutSeconds=1&allowWatchBookmarks=true`;
    const res = await fetch(`${api.url}/api/v1/namespaces/demo/pods?${query}`);
    const events = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; object: KubeObject });
    const changes = events.filter((e) => e.type !== 'BOOKMARK');
    expect(changes.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED sa-logic-2']);
    // Bookmarks come every bookmarkIntervalMs (500 ms here) and carry only the resourceVersion.
    expect(events.find((e) => e.type === 'BOOKMARK')?.object).toEqual({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { resourceVersion: String(store.resourceVersion) },
    });
  });

  it('writes status only through the status subresource', async () => {
    const base = `${api.url}/apis/apps/v1/namespaces/bookinfo/deployments/ratings-v1`;
    const merge = (url: string, body: unknown) =>
      fetch(url, {
        method: 'PATCH',
        headers: { 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify(body),
      });
    expect((await merge(`${base}/status`, { status: { readyReplicas: 1 }, spec: { replicas: 7 } })).status).toBe(200);
    expect((await merge(base, { status: { readyReplicas: 9 } })).status).toBe(200);
    const stored = store.get(GR.deployments, 'bookinfo', 'ratings-v1')!;
    expect([stored.status.readyReplicas, stored.spec.replicas]).toEqual([1, 1]);
  });
});

describe('pods/log and pods/proxy through the hooks', () => {
  it('serves kubectl logs with tail, timestamps, since and container checks', async () => {
    const tail = (await kubectl('logs', 'sa-logic-7d9f', '-c', 'sa-logic', '--tail=2', '--timestamps'))
      .trim()
      .split('\n');
    expect(tail).toHaveLength(2);
    expect(tail[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z GET \/sentiment 503$/);
    expect((await kubectl('logs', 'sa-logic-7d9f', '-c', 'istio-proxy', '--since=60s')).trim().split('\n')).toEqual([
      'GET /sentiment 200',
      'GET /sentiment 503',
    ]);
    expect(await kubectlFails('logs', 'sa-logic-7d9f', '-c', 'nope')).toContain(
      'container nope is not valid for pod sa-logic-7d9f',
    );
    const raw = await fetch(`${api.url}/api/v1/namespaces/demo/pods/sa-logic-7d9f/log`);
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { message: string }).message).toContain('a container name must be specified');
  });

  it('follows a log until kubectl goes away', async () => {
    const out = await kubectlStream(
      ['logs', '-f', 'sa-logic-7d9f', '-c', 'sa-logic', '--tail=1'],
      (o) => o.includes('GET /feedback 200'),
      () => {
        for (const listener of logListeners) listener({ timeMs: Date.now(), line: 'GET /feedback 200' });
      },
    );
    expect(out.trim().split('\n')).toEqual(['GET /sentiment 503', 'GET /feedback 200']);
  });

  it('proxies to a pod port by name:port', async () => {
    const answer = JSON.parse(
      await kubectl('get', '--raw', '/api/v1/namespaces/demo/pods/sa-logic-7d9f:15000/proxy/server_info'),
    ) as unknown;
    expect(answer).toEqual({ state: 'LIVE', pod: 'sa-logic-7d9f', port: 15000, path: '/server_info' });
  });
});

describe('faults and informers', () => {
  it('fails the next matching requests with the injected status, and kubectl retries a 429', async () => {
    api.faults.failNext({ status: 500, count: 1, verbs: ['list'], resource: 'services' });
    expect(await kubectlFails('get', 'svc', '-n', 'bookinfo')).toContain('InternalError');
    expect(await kubectl('get', 'svc', '-n', 'bookinfo', '-o', 'name')).toContain('service/details');
    api.faults.failNext({ status: 429, count: 1, resource: 'services' });
    expect(await kubectl('get', 'svc', '-n', 'bookinfo', '-o', 'name')).toContain('service/details');
  });

  it('feeds a client-node informer adds, updates and deletes, also after its watch is dropped', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(kubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/demo/pods', () =>
      core.listNamespacedPod({ namespace: 'demo' }),
    );
    const seen: string[] = [];
    const waitFor = async (entry: string) => {
      for (let i = 0; i < 100 && !seen.includes(entry); i++) await new Promise((r) => setTimeout(r, 50));
      expect(seen).toContain(entry);
    };
    informer.on('add', (p) => seen.push(`add ${p.metadata!.name}`));
    informer.on('update', (p) => seen.push(`update ${p.metadata!.name} ${p.metadata!.labels?.['version'] ?? ''}`));
    informer.on('delete', (p) => seen.push(`delete ${p.metadata!.name}`));
    let connects = 0;
    informer.on('connect', () => connects++);
    // client-node's informer stops on a broken connection and leaves restarting to its owner, as its README shows.
    let running = true;
    informer.on('error', () => setTimeout(() => running && void informer.start(), 100));
    await informer.start();
    try {
      await waitFor('add sa-logic-7d9f');
      store.create(GR.pods, pod('demo', 'sa-logic-3', 'sa-logic', 'Running'));
      await waitFor('add sa-logic-3');
      const current = store.get(GR.pods, 'demo', 'sa-logic-3')!;
      store.update(GR.pods, {
        ...current,
        metadata: { ...current.metadata, labels: { app: 'sa-logic', version: 'v2' } },
      });
      await waitFor('update sa-logic-3 v2');
      api.faults.dropWatches();
      await new Promise((r) => setTimeout(r, 300));
      store.delete(GR.pods, 'demo', 'sa-logic-3');
      await waitFor('delete sa-logic-3');
      expect(connects).toBeGreaterThanOrEqual(2); // it watched again after the drop
    } finally {
      running = false;
      await informer.stop();
    }
  });

  it('ends open watches when it closes', async () => {
    const second = await startKubeApi({ store });
    const res = await fetch(`${second.url}/api/v1/pods?watch=1`);
    const reading = res.text();
    const started = Date.now();
    await second.close();
    expect(await reading).toContain('sa-logic-7d9f');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
