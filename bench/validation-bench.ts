// Validation budgets: 10,000 Istio objects with 5,000 workloads validated cold (< 1 s), one changed object
// re-validated (< 50 ms), and the CLI on a folder of 1,000 objects (< 2 s, Node's start-up included).
// Prints one JSON line of figures (bench/run.ts reads the last line).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { toEntry, uniqueIds } from '../server/validation/entries.js';
import { Validator } from '../server/validation/engine.js';
import { loadYaml } from '../server/validation/load-yaml.js';
import type { K8sObject } from '../server/validation/types.js';

const root = join(import.meta.dirname, '..');

/** A synthetic mesh: per app a Service, two Deployments (v1, v2), and a VirtualService, DestinationRule,
 * AuthorizationPolicy and PeerAuthentication. */
export function syntheticMesh(apps: number, namespaces: number): { istio: K8sObject[]; kube: K8sObject[] } {
  const istio: K8sObject[] = [];
  const kube: K8sObject[] = [];
  for (let n = 0; n < namespaces; n++)
    kube.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: `ns-${n}`, labels: { 'istio-injection': 'enabled' } },
    });
  for (let i = 0; i < apps; i++) {
    const namespace = `ns-${i % namespaces}`;
    const app = `app-${i}`;
    const next = `app-${(i + 1) % apps}`;
    const nextNs = `ns-${((i + 1) % apps) % namespaces}`;
    kube.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: app, namespace },
      spec: { selector: { app }, ports: [{ name: 'http', port: 8080 }] },
    });
    for (const version of ['v1', 'v2'])
      kube.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `${app}-${version}`, namespace },
        spec: {
          selector: { matchLabels: { app, version } },
          template: {
            metadata: { labels: { app, version } },
            spec: {
              serviceAccountName: app,
              containers: [{ name: app, image: 'app', ports: [{ containerPort: 8080 }] }],
            },
          },
        },
      });
    istio.push(
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: app, namespace },
        spec: {
          hosts: [app],
          http: [
            {
              route: [
                { destination: { host: app, subset: 'v1' }, weight: 90 },
                { destination: { host: app, subset: 'v2' }, weight: 10 },
              ],
            },
          ],
        },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name: app, namespace },
        spec: {
          host: app,
          subsets: [
            { name: 'v1', labels: { version: 'v1' } },
            { name: 'v2', labels: { version: 'v2' } },
          ],
        },
      },
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: app, namespace },
        spec: {
          selector: { matchLabels: { app } },
          rules: [
            {
              from: [{ source: { principals: [`cluster.local/ns/${nextNs}/sa/${next}`] } }],
              to: [{ operation: { methods: ['GET', 'POST'], paths: ['/api/*'] } }],
            },
          ],
        },
      },
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: app, namespace },
        spec: { selector: { matchLabels: { app } }, mtls: { mode: 'STRICT' } },
      },
    );
  }
  return { istio, kube };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function benchEngine() {
  const { istio, kube } = syntheticMesh(2500, 50);
  const objects = [...kube, ...istio];
  const t0 = performance.now();
  const entries = uniqueIds(objects.map((o) => toEntry(o, 'default')));
  const v = new Validator(entries);
  const findings = v.findings();
  const coldMs = performance.now() - t0;
  // The same work again in fresh validators: the machine is shared, so the median shows the steady cost.
  const againMs = median(
    [0, 1, 2].map(() => {
      const t = performance.now();
      new Validator(uniqueIds(objects.map((o) => toEntry(o, 'default')))).findings();
      return performance.now() - t;
    }),
  );
  const changeMs: number[] = [];
  let touched = 0;
  for (let k = 0; k < 21; k++) {
    const i = (k * 97) % 2500;
    const changed = structuredClone(istio[i * 4]!) as K8sObject & { spec: { http: { route: { weight: number }[] }[] } };
    changed.spec.http[0]!.route[0]!.weight = 50 + (k % 2) * 30;
    changed.spec.http[0]!.route[1]!.weight = 50 - (k % 2) * 30;
    const entry = toEntry(changed, 'default');
    const t = performance.now();
    touched = v.update({ upsert: [entry] }).size;
    v.findingsFor(entry.id);
    changeMs.push(performance.now() - t);
  }
  // A workload changing its labels re-validates what selects workloads in its namespace (a worse case than a route).
  const workloadMs: number[] = [];
  let workloadTouched = 0;
  for (let k = 0; k < 11; k++) {
    const deployment = structuredClone(
      kube.find((o) => o.kind === 'Deployment' && o.metadata?.name === `app-${k * 7}-v2`)!,
    );
    const template = (deployment.spec as { template: { metadata: { labels: Record<string, string> } } }).template;
    template.metadata.labels['version'] = k % 2 ? 'v2' : 'v3';
    const entry = toEntry(deployment, 'default');
    const t = performance.now();
    workloadTouched = v.update({ upsert: [entry] }).size;
    workloadMs.push(performance.now() - t);
  }
  return {
    istioObjects: istio.length,
    workloads: kube.filter((o) => o.kind === 'Deployment').length,
    coldMs: Math.round(coldMs),
    againMs: Math.round(againMs),
    findings: findings.length,
    oneChangeMs: Math.round(median(changeMs) * 10) / 10,
    revalidatedObjects: touched,
    oneWorkloadChangeMs: Math.round(median(workloadMs) * 10) / 10,
    revalidatedForWorkload: workloadTouched,
  };
}

function benchParse() {
  const { istio, kube } = syntheticMesh(2500, 50);
  const text = [...kube, ...istio].map((o) => stringify(o)).join('---\n');
  const t = performance.now();
  const loaded = loadYaml(text, 'mesh.yaml', 'default');
  const v = new Validator(loaded.entries);
  v.findings();
  return { parseAndValidateMs: Math.round(performance.now() - t) };
}

function benchCli() {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-bench-'));
  try {
    const { istio, kube } = syntheticMesh(145, 10); // 10 + 145 × 7 = 1,025 objects
    const objects = [...kube, ...istio];
    mkdirSync(join(dir, 'mesh'));
    for (let f = 0; f < objects.length; f += 10)
      writeFileSync(
        join(dir, 'mesh', `part-${f / 10}.yaml`),
        objects
          .slice(f, f + 10)
          .map((o) => stringify(o))
          .join('---\n'),
      );
    const bin = join(root, 'bin/sextant.js');
    const run = () => {
      const t = performance.now();
      execFileSync(process.execPath, [bin, 'validate', join(dir, 'mesh'), '--format', 'json'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      return performance.now() - t;
    };
    run(); // builds the bundle if the sources changed
    const times = [run(), run(), run()];
    return { cliObjects: objects.length, cliMs: Math.round(median(times)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run only as a script (the generator is also imported by tests).
if (process.argv[1]?.endsWith('validation-bench.ts'))
  console.log(JSON.stringify({ ...benchEngine(), ...benchParse(), ...benchCli() }));
