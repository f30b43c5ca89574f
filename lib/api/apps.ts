import { z } from 'zod';
import { apiRoute } from './api-route.js';
import { health } from './health.js';
import { istioConfigRef } from './istio-config.js';
import { badge, podSummary, workload } from './workloads.js';

export const app = z.object({
  name: z.string(),
  namespace: z.string(),
  versions: z.array(z.string()),
  workloads: z.array(z.string()),
  services: z.array(z.string()),
  hasSidecar: z.boolean(), // every workload of the app has one
  // Why the workloads without a sidecar need none (as for a workload); null when one is expected.
  sidecarExemption: z.string().nullable(),
  health,
  badges: z.array(badge),
  // The Istio config naming the app's services: what its VirtualService and DestinationRule badges link to.
  istioConfig: z.array(istioConfigRef),
});

export const appsResponse = z.array(app);
export type App = z.infer<typeof app>;
export const appsRoute = apiRoute('/api/namespaces/[ns]/apps', appsResponse);

/**
 * GET /api/namespaces/{ns}/apps/{name}: the list entry plus its workloads (each with its pods) and the Istio config
 * naming its services.
 */
export const appDetailResponse = app.extend({
  workloadList: z.array(workload.extend({ podList: z.array(podSummary) })),
});
export const appDetailRoute = apiRoute('/api/namespaces/[ns]/apps/[name]', appDetailResponse);
export type AppDetail = z.infer<typeof appDetailResponse>;
