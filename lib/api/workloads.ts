import { z } from 'zod';
import { health, windowParam } from './health.js';

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
  labels: z.record(z.string(), z.string()),
  health,
  badges: z.array(badge),
});

export const workloadsResponse = z.array(workload);
export type Workload = z.infer<typeof workload>;
export type Badge = z.infer<typeof badge>;
