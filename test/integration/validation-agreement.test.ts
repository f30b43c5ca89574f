// One truth for validation: after each step of the article ("Learn Istio on the demo" in the README) applied to the
// shared mesh with kubectl, every object's findings are the same in the CLI (`sextant validate --cluster`), the
// validations API (/api/validations, what the Istio Config list and the overview count), the Istio Config detail
// (/api/validations/{ns}/{kind}/{name}), and the Istio Config list (/api/istio-config) lists every Istio object that
// has findings; the graph's badges (/api/graph) count what the lists (/api/namespaces/{ns}/services|workloads) show.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { graphQuery, type GraphNode } from '../../lib/api/graph.js';
import { ISTIO_KINDS } from '../../lib/istio-kinds.js';
import type { Finding } from '../../lib/api/validations.js';
import { createCaches } from '../../server/caches.js';
import { loadConfig } from '../../server/config.js';
import { loadGraph } from '../../server/graph/io/load-graph.js';
import { listIstioConfig } from '../../server/mesh/io/load-istio-config.js';
import { loadApps, loadServices, loadWorkloads } from '../../server/mesh/io/load-lists.js';
import { createSources, type Sources } from '../../server/sources/sources.js';
import { listValidations, objectValidations } from '../../server/validation/io/load-validations.js';
import { FIXTURES, kubectl } from '../helpers/kubectl.js';

const caches = createCaches();
const mesh = inject('mesh');
const root = join(import.meta.dirname, '../..');
const ARTICLE = join(FIXTURES, 'sentiment-analysis');
let sources: Sources;

type Ref = { kind: string; namespace: string; name: string };
const keyOf = (o: Ref) => `${o.kind}/${o.namespace}/${o.name}`;

/** What a person reads of an object's findings: counts by severity, and each finding's rule, codes and field. */
interface Summary {
  errors: number;
  warnings: number;
  infos: number;
  findings: string[];
}
function summarise(findings: Pick<Finding, 'object' | 'severity' | 'ruleId' | 'codes' | 'path'>[]) {
  const out = new Map<string, Summary>();
  for (const f of findings) {
    const key = keyOf(f.object);
    let s = out.get(key);
    if (!s) out.set(key, (s = { errors: 0, warnings: 0, infos: 0, findings: [] }));
    s[f.severity === 'error' ? 'errors' : f.severity === 'warning' ? 'warnings' : 'infos']++;
    s.findings.push(`${f.severity} ${f.ruleId} ${f.codes.join('+')} ${f.path}`);
  }
  for (const s of out.values()) s.findings.sort();
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

function cli(): Map<string, Summary> {
  const r = spawnSync(process.execPath, [join(root, 'bin/sextant.js'), 'validate', '--cluster', '-o', 'json'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, KUBECONFIG: mesh.kubeconfig },
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`sextant validate --cluster exited ${r.status}: ${r.stderr}`);
  return summarise((JSON.parse(r.stdout) as { findings: Finding[] }).findings);
}

const api = () => summarise(listValidations(sources, caches.validators, { findings: true }).findings ?? []);

/** Applies the files and waits until the console's cache holds them as the API server stored them. */
async function apply(...files: string[]) {
  const out = await kubectl(mesh.kubeconfig, [
    'apply',
    '-o',
    'json',
    ...files.flatMap((f) => ['-f', join(ARTICLE, f)]),
  ]);
  const parsed = JSON.parse(out) as { items?: Stored[] } & Stored;
  await untilCached(parsed.items ?? [parsed]);
}
type Stored = {
  kind: string;
  metadata: { namespace?: string; name: string; uid: string; generation?: number };
};
/**
 * Waits for the cache to hold each object at the spec kubectl wrote: the same uid and generation (a controller may
 * already have written its status, a newer resourceVersion, which kubectl's answer does not show).
 */
async function untilCached(objects: Stored[]) {
  const deadline = Date.now() + 15_000;
  const cached = (o: Stored) => {
    const c = sources.kubernetes.get(o.kind as never, o.metadata.namespace, o.metadata.name)?.metadata as
      Stored['metadata'] | undefined;
    return c?.uid === o.metadata.uid && c.generation === o.metadata.generation;
  };
  while (!objects.every(cached)) {
    if (Date.now() > deadline) throw new Error(`the watch cache did not see ${objects.map((o) => o.kind).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The CLI lists the cluster at one moment and the console's cache follows it by watch: controllers (a new
 * Deployment's pods) may still be writing. Waits until both read the same cluster, then returns both views.
 */
async function settled(): Promise<{ cli: Map<string, Summary>; api: Map<string, Summary> }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const views = { cli: cli(), api: api() };
    if (JSON.stringify([...views.cli]) === JSON.stringify([...views.api]) || Date.now() > deadline) return views;
  }
}

/** An object's errors and warnings (what the graph's badges count), zero when it has no findings. */
function badge(views: Map<string, Summary>, key: string) {
  const s = views.get(key);
  return { errors: s?.errors ?? 0, warnings: s?.warnings ?? 0 };
}
const add = (a: { errors: number; warnings: number }, b: { errors: number; warnings: number }) => ({
  errors: a.errors + b.errors,
  warnings: a.warnings + b.warnings,
});
const orNull = (c: { errors: number; warnings: number }) => (c.errors + c.warnings > 0 ? c : null);

/** Asserts the agreement; returns how many graph nodes carry a badge. */
async function expectAgreement(): Promise<number> {
  const views = await settled();
  // The CLI and the API (the Istio Config list's Configuration column, the overview's counts).
  expect(views.api).toEqual(views.cli);
  expect(views.cli.size).toBeGreaterThan(0);
  const answer = listValidations(sources, caches.validators, {});
  for (const o of answer.objects) {
    const s = views.api.get(keyOf(o))!;
    expect([o.errors, o.warnings, o.infos], keyOf(o)).toEqual([s.errors, s.warnings, s.infos]);
  }
  expect(answer.objects).toHaveLength(views.api.size);

  // The Istio Config list lists every Istio object with findings, and each object's page shows exactly its findings.
  const listed = listIstioConfig(sources, {});
  const listedKeys = new Set(listed.map(keyOf));
  const istioKinds = new Set<string>(ISTIO_KINDS);
  for (const key of views.cli.keys()) if (istioKinds.has(key.split('/')[0]!)) expect(listedKeys).toContain(key);
  for (const o of listed) {
    const page = objectValidations(sources, caches.validators, o);
    const shown = summarise(page.findings).get(keyOf(o));
    expect(shown, keyOf(o)).toEqual(views.cli.get(keyOf(o)));
  }

  // The graph: a service's badge counts the Service and the Istio config the services list shows for it; a workload's
  // counts the workload's own object and the Gateways the workloads list shows for it (the config of its services is
  // on the service's node).
  const graph = await loadGraph(
    sources,
    caches.topologies,
    graphQuery.parse({ graphType: 'workload', injectServiceNodes: 'true', includeIdle: 'true' }),
  );
  const appGraph = await loadGraph(
    sources,
    caches.topologies,
    graphQuery.parse({ graphType: 'app', injectServiceNodes: 'false', includeIdle: 'true' }),
  );
  const nodes = new Map<string, GraphNode>();
  for (const n of appGraph.nodes) if (n.nodeType === 'app') nodes.set(`app/${n.namespace}/${n.app}`, n);
  for (const n of graph.nodes) {
    if (n.nodeType === 'service') nodes.set(`Service/${n.namespace}/${n.service}`, n);
    if (n.nodeType === 'workload') nodes.set(`workload/${n.namespace}/${n.workload}`, n);
  }
  let compared = 0;
  let badged = 0;
  for (const ns of sources.kubernetes.list('Namespace').map((n) => n.metadata.name)) {
    for (const svc of await loadServices(sources, ns, { window: '1m' })) {
      const node = nodes.get(`Service/${ns}/${svc.name}`);
      if (!node) continue;
      const expected = svc.istioConfig.reduce(
        (sum, ref) => add(sum, badge(views.cli, keyOf(ref))),
        badge(views.cli, `Service/${ns}/${svc.name}`),
      );
      expect(node.validation ?? null, `the graph's node of service ${ns}/${svc.name}`).toEqual(orNull(expected));
      compared++;
      if (node.validation) badged++;
    }
    const workloads = await loadWorkloads(sources, ns, { window: '1m' });
    for (const w of workloads) {
      const node = nodes.get(`workload/${ns}/${w.name}`);
      if (!node) continue;
      const expected = w.istioConfig
        .filter((ref) => ref.kind === 'Gateway')
        .reduce((sum, ref) => add(sum, badge(views.cli, keyOf(ref))), badge(views.cli, `${w.kind}/${ns}/${w.name}`));
      expect(node.validation ?? null, `the graph's node of workload ${ns}/${w.name}`).toEqual(orNull(expected));
      compared++;
      if (node.validation) badged++;
    }
    // An app's counts its workloads' own objects and the Gateways the apps list shows for it.
    const kindOf = new Map(workloads.map((w) => [w.name, w.kind]));
    for (const a of await loadApps(sources, ns, { window: '1m' })) {
      const node = nodes.get(`app/${ns}/${a.name}`);
      if (!node) continue;
      const expected = [
        ...a.workloads.map((w) => `${kindOf.get(w)}/${ns}/${w}`),
        ...a.istioConfig.filter((ref) => ref.kind === 'Gateway').map(keyOf),
      ].reduce((sum, key) => add(sum, badge(views.cli, key)), { errors: 0, warnings: 0 });
      expect(node.validation ?? null, `the graph's node of app ${ns}/${a.name}`).toEqual(orNull(expected));
      compared++;
      if (node.validation) badged++;
    }
  }
  expect(compared).toBeGreaterThan(10);
  return badged;
}

beforeAll(async () => {
  sources = createSources(loadConfig({ KUBECONFIG: mesh.kubeconfig }));
  await sources.start();
  // The article's starting point, whatever suites before this one left: no v2, everything routed to v1.
  await kubectl(mesh.kubeconfig, ['delete', '--ignore-not-found', '-f', join(ARTICLE, 'kube/canary/sa-logic-v2.yaml')]);
  await apply('istio/sa-logic-vs.yaml');
});

afterAll(async () => {
  // Leave the shared mesh as the other suites expect it.
  await kubectl(mesh.kubeconfig, ['delete', '--ignore-not-found', '-f', join(ARTICLE, 'istio/security')]);
  await kubectl(mesh.kubeconfig, ['delete', '--ignore-not-found', '-f', join(ARTICLE, 'kube/canary/sa-logic-v2.yaml')]);
  await kubectl(mesh.kubeconfig, ['apply', '-f', join(ARTICLE, 'istio/sa-logic-vs.yaml')]);
  await kubectl(mesh.kubeconfig, ['-n', 'demo', 'delete', '--ignore-not-found', 'gateway', 'http-gateway-copy']);
  await sources?.stop();
});

describe("the graph, the lists, the Istio Config pages and the CLI agree on every object after each of the article's steps", () => {
  it('before any change', async () => {
    await expectAgreement();
  });

  it('1. the failing v2 deployed', async () => {
    await apply('kube/canary/sa-logic-v2.yaml');
    await expectAgreement();
  });

  it('2. 10 % sent to v2', async () => {
    await apply('istio/sa-logic-dr.yaml', 'istio/sa-logic-vs-canary.yaml');
    await expectAgreement();
  });

  it('3. rolled back', async () => {
    await apply('istio/sa-logic-vs.yaml');
    await expectAgreement();
  });

  it('4. mTLS required', async () => {
    await apply('istio/security/peer-authentication.yaml');
    await expectAgreement();
  });

  it('5. a JWT required at the gateway, and the policies allowing each route', async () => {
    await apply(
      'istio/security/request-authentication.yaml',
      'istio/security/allow-view.yaml',
      'istio/security/allow-analysis.yaml',
      'istio/security/allow-feedback.yaml',
    );
    await expectAgreement();
  });

  // The article's steps leave no error or warning a graph draws; two mistakes a learner makes on the way do.
  it('a mistake: sa-logic routed to a subset no DestinationRule defines', async () => {
    const patch = [{ op: 'replace', path: '/spec/http/0/route/0/destination/subset', value: 'v3' }];
    const out = await kubectl(mesh.kubeconfig, [
      ...['-n', 'demo', 'patch', 'virtualservice', 'sa-logic', '--type', 'json', '-o', 'json'],
      ...['-p', JSON.stringify(patch)],
    ]);
    await untilCached([JSON.parse(out) as Stored]);
    expect(await expectAgreement()).toBeGreaterThan(0);
  });

  it('a mistake: 10 % sent to v2 before v2 is deployed', async () => {
    await kubectl(mesh.kubeconfig, ['delete', '-f', join(ARTICLE, 'kube/canary/sa-logic-v2.yaml')]);
    await apply('istio/sa-logic-vs-canary.yaml');
    expect(await expectAgreement()).toBeGreaterThan(0);
  });

  it('a mistake: a second Gateway for the same port and hosts of the ingress gateway', async () => {
    const second = readFileSync(join(ARTICLE, 'istio/http-gateway.yaml'), 'utf8').replace(
      'name: http-gateway',
      'name: http-gateway-copy',
    );
    const file = join(mkdtempSync(join(tmpdir(), 'sextant-agreement-')), 'http-gateway-copy.yaml');
    writeFileSync(file, second);
    const out = await kubectl(mesh.kubeconfig, ['apply', '-o', 'json', '-f', file]);
    await untilCached([JSON.parse(out) as Stored]);
    expect(await expectAgreement()).toBeGreaterThan(0);
  });
});
