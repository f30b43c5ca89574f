import { z } from 'zod';
import { apiRoute } from './api-route.js';

// GET /readyz: whether the console can answer from its caches, in the manner of the Kubernetes API server's own
// /readyz (kubernetes.io/docs/reference/using-api/health-checks): 200 when every check passes, 503 otherwise, and the
// checks by name, each ok or failed with why. A probe reads the status code; a person reads what is not synced yet.
export const readyzCheck = z.object({
  name: z.string(),
  ok: z.boolean(),
  message: z.string().optional(),
});

export const readyzResponse = z.object({
  status: z.enum(['ready', 'not ready']),
  checks: z.array(readyzCheck),
  // Per cluster, the resources its watch cache has not listed yet (`discovery` until it knows the Istio kinds).
  notSynced: z.array(z.object({ cluster: z.string(), resources: z.array(z.string()) })),
});

export const readyzRoute = apiRoute('/readyz', readyzResponse);
export type Readyz = z.infer<typeof readyzResponse>;
export type ReadyzCheck = z.infer<typeof readyzCheck>;
