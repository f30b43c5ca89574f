import { z } from 'zod';
import { apiRoute } from './api-route.js';

// GET /healthz: the console is alive, as Kubernetes' /livez means it: it answers, its configuration is valid and it
// knows its clusters (a bad configuration answers 500 config_invalid). It does not wait for the caches: /readyz says
// when they have synced.
export const healthzResponse = z.object({
  status: z.literal('ok'),
  clusters: z.array(
    z.object({
      cluster: z.string(),
      // Kinds the cache cannot list (e.g. RBAC forbids them), in words; their lists read empty.
      problems: z.array(z.string()),
    }),
  ),
  prometheus: z.boolean(),
  jaeger: z.boolean(),
});

export const healthzRoute = apiRoute('/healthz', healthzResponse);
export type Healthz = z.infer<typeof healthzResponse>;
