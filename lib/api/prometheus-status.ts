import { z } from 'zod';
import { apiRoute } from './api-route.js';

/** What the Prometheus behind the console says about itself: the shell offers only the windows it can serve. */
export const prometheusStatus = z.object({
  /** false when PROMETHEUS_URL is not set. */
  configured: z.boolean(),
  /** How far back it keeps samples; null when it does not say (Thanos, Mimir, a size-only retention). */
  retentionSeconds: z.number().positive().nullable(),
  /** Its longest scrape interval; null when it does not say. */
  scrapeIntervalSeconds: z.number().positive().nullable(),
});

export type PrometheusStatus = z.infer<typeof prometheusStatus>;

export const prometheusStatusRoute = apiRoute('/api/prometheus', prometheusStatus);
