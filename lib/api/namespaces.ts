import { z } from 'zod';
import { apiRoute } from './api-route.js';
import { healthStatus, windowParam } from './health.js';

export const namespacesQuery = z.object({ window: windowParam });

export const namespaceSummary = z.object({
  name: z.string(),
  apps: z.number().int(),
  workloads: z.number().int(),
  services: z.number().int(),
  /** How many apps are in each health status. */
  health: z.record(healthStatus, z.number().int()),
  injection: z.enum(['enabled', 'disabled', 'revision', 'ambient']),
  /** The namespace-wide mTLS mode from PeerAuthentication (namespace, else mesh-wide), or UNSET. */
  mtls: z.enum(['STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET']),
  /**
   * Which of the namespace's pods have a proxy to enforce that mode: a PeerAuthentication acts only on a sidecar (or a
   * gateway's own Envoy), so STRICT over pods without one is not enforced. 'no-pods' when nothing runs.
   */
  mtlsProxies: z.enum(['all', 'some', 'none', 'no-pods']).default('all'),
  /** Requests per second into the namespace's workloads over the window, for the sparkline; null when unknown. */
  traffic: z.array(z.tuple([z.number(), z.number()])).nullable(),
  metricsError: z.string().optional(),
});

export const namespacesResponse = z.array(namespaceSummary);
export const namespacesRoute = apiRoute('/api/namespaces', namespacesResponse);
export type NamespaceSummary = z.infer<typeof namespaceSummary>;
export type NamespacesResponse = z.infer<typeof namespacesResponse>;
