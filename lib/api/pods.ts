import { z } from 'zod';
import { apiRoute } from './api-route.js';
import { istioConfigRef } from './istio-config.js';

/** One container as `kubectl describe pod` shows it: image, state with its reason, readiness, restarts, ports. */
export const podContainer = z.object({
  name: z.string(),
  image: z.string().nullable(),
  state: z.enum(['running', 'waiting', 'terminated', 'unknown']),
  reason: z.string().nullable(), // CrashLoopBackOff, Completed, OOMKilled, …
  message: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  since: z.string().nullable(), // started or finished at
  ready: z.boolean(),
  restarts: z.number().int(),
  ports: z.array(z.object({ name: z.string().nullable(), port: z.number().int(), protocol: z.string() })),
  // An init container that keeps running beside the others (restartPolicy Always), as Istio's native sidecar does.
  sidecar: z.boolean(),
});

export const podCondition = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().nullable(),
  message: z.string().nullable(),
  lastTransitionTime: z.string().nullable(),
});

/** A Kubernetes event about the pod, as `kubectl describe` lists them (oldest first). */
export const podEvent = z.object({
  type: z.string(), // Normal, Warning
  reason: z.string(),
  message: z.string(),
  from: z.string(), // the component that reported it: default-scheduler, kubelet, …
  count: z.number().int(),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
  fieldPath: z.string().nullable(), // spec.containers{istio-proxy}
});

/** GET /api/namespaces/{ns}/pods/{pod}: the pod as a person reads it, with its events and the Istio config on it. */
export const podDetailResponse = z.object({
  name: z.string(),
  namespace: z.string(),
  createdAt: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  // The controller named in ownerReferences, and the workload that is (a ReplicaSet's Deployment).
  owner: z.object({ kind: z.string(), name: z.string() }).nullable(),
  workload: z.object({ kind: z.string(), name: z.string() }).nullable(),
  app: z.string().nullable(),
  version: z.string().nullable(),
  node: z.string().nullable(),
  hostIP: z.string().nullable(),
  podIPs: z.array(z.string()),
  qosClass: z.string().nullable(),
  serviceAccount: z.string().nullable(),
  phase: z.string(),
  status: z.string(), // kubectl's STATUS column
  readyContainers: z.number().int(),
  totalContainers: z.number().int(),
  restarts: z.number().int(),
  hasSidecar: z.boolean(),
  proxyVersion: z.string().nullable(),
  proxyReady: z.boolean().nullable(),
  conditions: z.array(podCondition),
  containers: z.array(podContainer),
  initContainers: z.array(podContainer),
  events: z.array(podEvent),
  // Set when the events could not be read (e.g. RBAC forbids listing events): the rest of the page still stands.
  eventsError: z.string().nullable(),
  istioConfig: z.array(istioConfigRef),
});

export const podDetailRoute = apiRoute('/api/namespaces/[ns]/pods/[pod]', podDetailResponse);
export type PodDetail = z.infer<typeof podDetailResponse>;
export type PodContainer = z.infer<typeof podContainer>;
export type PodEvent = z.infer<typeof podEvent>;
