import { z } from 'zod';
import { health } from './health.js';
import { badge } from './workloads.js';

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
