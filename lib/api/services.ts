import { z } from 'zod';
import { apiRoute } from './api-route.js';
import { health } from './health.js';
import { istioConfigRef } from './istio-config.js';
import { badge, podSummary } from './workloads.js';

export const service = z.object({
  name: z.string(),
  namespace: z.string(),
  type: z.string(),
  clusterIP: z.string().nullable(),
  ports: z.array(z.object({ name: z.string().nullable(), port: z.number().int(), protocol: z.string() })),
  selector: z.record(z.string(), z.string()).nullable(),
  workloads: z.array(z.string()),
  health,
  badges: z.array(badge),
  // The Istio config naming the service's host: what its VirtualService and DestinationRule badges link to.
  istioConfig: z.array(istioConfigRef),
});

export const servicesResponse = z.array(service);
export type Service = z.infer<typeof service>;
export const servicesRoute = apiRoute('/api/namespaces/[ns]/services', servicesResponse);

/** GET /api/namespaces/{ns}/services/{name}: the list entry plus its pods (its endpoints) and when it was made. */
export const serviceDetailResponse = service.extend({
  podList: z.array(podSummary.extend({ workload: z.string() })),
  createdAt: z.string().nullable(),
});
export const serviceDetailRoute = apiRoute('/api/namespaces/[ns]/services/[name]', serviceDetailResponse);
export type ServiceDetail = z.infer<typeof serviceDetailResponse>;
