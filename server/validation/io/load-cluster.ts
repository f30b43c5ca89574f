// The live cluster → entries, for `sextant validate --cluster`: one list per resource (a plain list, no watch), through
// the same Kubernetes client the console uses. Istio, Gateway API and the Kubernetes kinds the rules read.
import { KubeConfig } from '@kubernetes/client-node';
import { createKubernetesSource } from '../../sources/kubernetes.js';
import { KubernetesError } from '../../sources/source-error.js';
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

export async function loadCluster(options: { context?: string; timeoutMs?: number } = {}): Promise<Entry[]> {
  const kc = new KubeConfig();
  try {
    kc.loadFromDefault();
  } catch (err) {
    throw new KubernetesError('malformed', `cannot read the kubeconfig: ${(err as Error).message} (KUBECONFIG)`, err);
  }
  if (options.context) kc.setCurrentContext(options.context);
  const k8s = createKubernetesSource({ cluster: kc.getCurrentContext(), kc, timeoutMs: options.timeoutMs ?? 15_000 });
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
  await k8s.stop();
  return uniqueIds(entries);
}
