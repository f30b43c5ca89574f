import { z } from 'zod';
import { apiRoute } from './api-route.js';
import { health, windowParam } from './health.js';
import { istioConfigRef } from './istio-config.js';

// Badges an entity can carry, as Kiali shows them.
export const badge = z.enum([
  'missing-sidecar',
  'virtual-service',
  'destination-rule',
  'gateway',
  'ambient',
  'not-ready',
]);

export const workloadsQuery = z.object({ window: windowParam });

export const workload = z.object({
  name: z.string(),
  namespace: z.string(),
  app: z.string().nullable(),
  version: z.string().nullable(),
  kind: z.string(), // Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod
  pods: z.object({ ready: z.number().int(), desired: z.number().int() }),
  hasSidecar: z.boolean(),
  // Why no sidecar is needed ('gateway proxy', 'control plane', 'ambient', 'opted out'); null when one is expected.
  sidecarExemption: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  health,
  badges: z.array(badge),
  // The Istio config naming the workload's services: what its VirtualService and DestinationRule badges link to.
  istioConfig: z.array(istioConfigRef),
});

export const workloadsResponse = z.array(workload);
export type Workload = z.infer<typeof workload>;
export const workloadsRoute = apiRoute('/api/namespaces/[ns]/workloads', workloadsResponse);
export type Badge = z.infer<typeof badge>;

/** One pod of a workload, for the detail page. */
export const podSummary = z.object({
  name: z.string(),
  phase: z.string(), // Running, Pending, Terminating, …
  ready: z.boolean(),
  hasSidecar: z.boolean(),
  ip: z.string().nullable(),
  node: z.string().nullable(),
  createdAt: z.string().nullable(),
  status: z.string(), // kubectl's STATUS column: Running, CrashLoopBackOff, Init:0/1, Terminating, …
  readyContainers: z.number().int(),
  totalContainers: z.number().int(),
  restarts: z.number().int(),
  proxyVersion: z.string().nullable(), // the istio-proxy image tag
  proxyReady: z.boolean().nullable(), // the istio-proxy container's readiness; null without a sidecar
});

/** GET /api/namespaces/{ns}/workloads/{name}: the list entry plus its pods, services and the Istio config naming them. */
export const workloadDetailResponse = workload.extend({
  podList: z.array(podSummary),
  services: z.array(z.string()),
  createdAt: z.string().nullable(),
});
export const workloadDetailRoute = apiRoute('/api/namespaces/[ns]/workloads/[name]', workloadDetailResponse);
export type PodSummary = z.infer<typeof podSummary>;
export type WorkloadDetail = z.infer<typeof workloadDetailResponse>;
