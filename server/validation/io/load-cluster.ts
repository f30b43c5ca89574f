// The live cluster → entries, for `sextant validate --cluster`: one list per resource (a plain list, no watch), through
// the same Kubernetes client the console uses. Istio, Gateway API and the Kubernetes kinds the rules read.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { createKubernetesSource, type KubernetesSource } from '../../sources/kubernetes.js';
import { KubernetesError } from '../../errors.js';
import { toEntry, uniqueIds } from '../entries.js';
import type { Entry, K8sObject } from '../types.js';

const CORE = [
  { path: '/api/v1/namespaces', kind: 'Namespace', apiVersion: 'v1' },
  { path: '/api/v1/services', kind: 'Service', apiVersion: 'v1' },
  { path: '/api/v1/pods', kind: 'Pod', apiVersion: 'v1' },
  { path: '/api/v1/serviceaccounts', kind: 'ServiceAccount', apiVersion: 'v1' },
  { path: '/apis/apps/v1/deployments', kind: 'Deployment', apiVersion: 'apps/v1' },
  { path: '/apis/apps/v1/statefulsets', kind: 'StatefulSet', apiVersion: 'apps/v1' },
  { path: '/apis/apps/v1/daemonsets', kind: 'DaemonSet', apiVersion: 'apps/v1' },
];
const GROUPS = [
  'networking.istio.io',
  'security.istio.io',
  'telemetry.istio.io',
  'extensions.istio.io',
  'gateway.networking.k8s.io',
];

type List = { items?: K8sObject[] } | null;

/** The kubeconfig `--cluster` reads, as kubectl finds it. Fails with a sentence naming the file, context and server when there is nothing to reach. */
export function openKubeconfig(context?: string): { kc: KubeConfig; where: string } {
  const file = process.env['KUBECONFIG'] || join(homedir(), '.kube', 'config');
  // Without a kubeconfig the client falls back to http://localhost:8080 and fails later with a TLS message that names
  // neither; kubectl says there is no configuration, and so do we.
  if (!process.env['KUBECONFIG'] && !existsSync(file) && !process.env['KUBERNETES_SERVICE_HOST'])
    throw new KubernetesError(
      'malformed',
      `no kubeconfig to reach a cluster: KUBECONFIG is not set and ${file} does not exist; set KUBECONFIG to your cluster's kubeconfig file (the mesh in a box prints its path) and pick a context with --context`,
    );
  const kc = new KubeConfig();
  try {
    kc.loadFromDefault();
  } catch (err) {
    throw new KubernetesError(
      'malformed',
      `cannot read the kubeconfig ${file}: ${(err as Error).message} (KUBECONFIG)`,
      err,
    );
  }
  if (context) {
    if (!kc.getContextObject(context))
      throw new KubernetesError(
        'malformed',
        `the kubeconfig ${file} has no context "${context}" (it has ${kc.contexts.map((c) => c.name).join(', ') || 'none'}); check --context or KUBECONFIG`,
      );
    kc.setCurrentContext(context);
  }
  const current = kc.getCurrentContext();
  const server = kc.getCurrentCluster()?.server ?? '(no server)';
  return {
    kc,
    where: `the Kubernetes API at ${server} (context ${current || '(none)'} of ${file})`,
  };
}

export async function loadCluster(options: { context?: string; timeoutMs?: number } = {}): Promise<Entry[]> {
  const { kc, where } = openKubeconfig(options.context);
  const k8s = createKubernetesSource({
    cluster: kc.getCurrentContext(),
    kc,
    timeoutMs: options.timeoutMs ?? 15_000,
    anyCall: true, // a person's kubeconfig: every group's lists, whatever they may read
  });
  try {
    return await listAll(k8s);
  } catch (err) {
    if (err instanceof KubernetesError) throw err;
    // The client's own failures (TLS settings, credentials plugins) name neither the server nor the kubeconfig.
    throw new KubernetesError(
      'unreachable',
      `cannot use ${where}: ${(err as Error).message}; check KUBECONFIG or pick another context with --context`,
      err,
    );
  } finally {
    await k8s.stop();
  }
}

async function listAll(k8s: KubernetesSource): Promise<Entry[]> {
  const lists: { path: string; kind?: string; apiVersion: string }[] = [...CORE];
  const groups = (await k8s.getJson('/apis')) as {
    groups?: { name: string; preferredVersion?: { version: string } }[];
  } | null;
  await Promise.all(
    (groups?.groups ?? [])
      .filter((g) => GROUPS.includes(g.name) && g.preferredVersion)
      .map(async (g) => {
        const apiVersion = `${g.name}/${g.preferredVersion!.version}`;
        const res = (await k8s.getJson(`/apis/${apiVersion}`)) as {
          resources?: { name: string; kind: string; namespaced: boolean }[];
        } | null;
        for (const r of res?.resources ?? [])
          if (!r.name.includes('/')) lists.push({ path: `/apis/${apiVersion}/${r.name}`, kind: r.kind, apiVersion });
      }),
  );
  const entries: Entry[] = [];
  await Promise.all(
    lists.map(async (l) => {
      let list: List;
      try {
        list = (await k8s.getJson(l.path)) as List;
      } catch (err) {
        // A kind RBAC forbids is skipped, as the console's cache does; other failures stop the run.
        if (err instanceof KubernetesError && err.reason === 'rejected') return;
        throw err;
      }
      for (const item of list?.items ?? []) {
        item.apiVersion ??= l.apiVersion;
        if (l.kind) item.kind ??= l.kind;
        delete item.metadata?.['managedFields'];
        entries.push(toEntry(item, 'default'));
      }
    }),
  );
  return uniqueIds(entries);
}
