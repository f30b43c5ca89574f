import { z } from 'zod';
import { health } from './health.js';
import { istioConfigRef } from './istio-config.js';
import { badge, workload } from './workloads.js';

export const app = z.object({
  name: z.string(),
  namespace: z.string(),
  versions: z.array(z.string()),
  workloads: z.array(z.string()),
  services: z.array(z.string()),
  hasSidecar: z.boolean(), // every workload of the app has one
  health,
  badges: z.array(badge),
});

export const appsResponse = z.array(app);
export type App = z.infer<typeof app>;

/** GET /api/namespaces/{ns}/apps/{name}: the list entry plus its workloads and the Istio config naming its services. */
export const appDetailResponse = app.extend({
  workloadList: z.array(workload),
  istioConfig: z.array(istioConfigRef),
});
export type AppDetail = z.infer<typeof appDetailResponse>;
