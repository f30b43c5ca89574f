import { z } from 'zod';
import { durationParam } from '../duration.js';

// Kiali's health statuses, worst last.
export const healthStatus = z.enum(['Healthy', 'Degraded', 'Failure', 'Not Ready', 'NA']);

/** Health of one app, workload or service: pods (desired vs ready) and requests (error ratio over the window). */
export const health = z.object({
  status: healthStatus,
  pods: z.object({ ready: z.number().int(), desired: z.number().int() }).optional(),
  requests: z
    .object({
      rps: z.number(), // inbound + outbound requests per second over the window
      errorRatio: z.number(), // 0..1, by Kiali's default tolerances (5xx, no response, gRPC errors; 4xx counted separately)
      http4xxRatio: z.number(),
    })
    .nullable(), // null: no traffic in the window
  /** Set when Prometheus could not be asked: the status then only reflects pods. */
  metricsError: z.string().optional(),
});

export type HealthStatus = z.infer<typeof healthStatus>;
export type Health = z.infer<typeof health>;

/** A time window query parameter: 1m … 1d, as the shell's picker offers. */
export const windowParam = durationParam('60s, 5m, 1h or 1d').default('5m');
