import type { KubeObject } from '../../../src/store/kube-object.js';
import { GR } from '../../../src/store/resource-types.js';
import type { Hop } from '../../../src/traffic/hop.js';
import { envoyAdmin } from '../../../src/envoy/index.js';
import { NOW_MS, STARTED_AT_MS } from './admin-call.js';
import type { MeshTraffic } from './mesh-traffic.js';
import type { SentimentMesh } from './sentiment-mesh.js';

// Helpers of the tests that check a proxy's /clusters and /stats against the hops that went through it.

export const V1 = 'outbound|80|v1|sa-logic.demo.svc.cluster.local';
export const V2 = 'outbound|80|v2|sa-logic.demo.svc.cluster.local';

export function canary(mesh: SentimentMesh, spec: object = {}): void {
  mesh.store.create(GR.virtualservices, {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'sa-logic', namespace: 'demo' },
    spec: {
      hosts: ['sa-logic'],
      http: [
        {
          route: [
            { destination: { host: 'sa-logic', subset: 'v1' }, weight: 50 },
            { destination: { host: 'sa-logic', subset: 'v2' }, weight: 50 },
          ],
          ...spec,
        },
      ],
    },
  });
}

/** Opts a pod's proxy into cluster.outbound stats, as istio.io's circuit-breaking sample does for fortio. */
export function withOutboundStats(mesh: SentimentMesh, pod: KubeObject): KubeObject {
  const annotations = { ...pod.metadata.annotations, 'sidecar.istio.io/statsInclusionPrefixes': 'cluster.outbound' };
  return mesh.store.update(GR.pods, { ...pod, metadata: { ...pod.metadata, annotations } });
}

/** One admin answer of a pod's proxy, with what it counted; throws unless 200. */
export function adminOf(mesh: SentimentMesh, traffic: MeshTraffic, pod: KubeObject, path: string): string {
  const upstream = traffic.upstream.proxy(pod.metadata.namespace!, pod.metadata.name);
  const response = envoyAdmin({ store: mesh.store, pod, path, startedAtMs: STARTED_AT_MS, nowMs: NOW_MS, upstream });
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${response.body}`);
  return response.body;
}

/** "cluster::host::stat::value" lines of one cluster, as { "host::stat": value }. */
export function hostStats(text: string, cluster: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${cluster}::`)) continue;
    const [, host, stat, value] = line.split('::');
    if (value !== undefined) out[`${host}::${stat}`] = value;
  }
  return out;
}

export function statsOf(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .trimEnd()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]),
  );
}

export const fromPod = (hops: Hop[], pod: KubeObject) => hops.filter((h) => h.source?.pod === pod.metadata.name);
