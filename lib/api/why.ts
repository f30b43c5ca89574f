import { z } from 'zod';
import { apiRoute } from './api-route.js';

// GET /api/namespaces/{ns}/{apps|workloads|services}/{name}/why?start=…&end=…[&compare=1h|1d]: "why is this slow /
// failing?" for a range, as structured findings, most important first. Deterministic: every finding is a figure the
// console already reads (the graph's edges, the traces' critical paths, the config-change log) put in words.

const microseconds = z.coerce
  .number({ error: 'a time in unix microseconds, as Jaeger takes it (e.g. 1733493600000000)' })
  .int('a whole number of unix microseconds')
  .nonnegative('a time in unix microseconds, not negative');

export const whyQuery = z
  .object({
    start: microseconds,
    end: microseconds,
    // The same range an hour or a day earlier, to say what changed since.
    compare: z
      .enum(['1h', '1d'], { error: 'compare is 1h or 1d (the same range an hour or a day earlier)' })
      .optional(),
  })
  .refine((q) => q.end > q.start, { message: 'end must be after start (both unix microseconds)', path: ['end'] })
  .refine((q) => q.end - q.start <= 7 * 86_400 * 1e6, {
    message: 'the range is at most 7 days (end - start in microseconds)',
    path: ['end'],
  });

export const whyLink = z.object({ label: z.string(), href: z.string() });

export const whyFindingKind = z.enum([
  'failing-edge', // an edge of the entity answering errors: its codes and Envoy's response flags
  'response-flag', // one of Envoy's response flags on those errors, in words
  'slow-downstream', // where the traces' time went: the service with the most self time on their critical paths
  'config-change', // a change to Istio config touching the entity in or just before the range
  'compare', // what changed since the same range an hour or a day before
  'missing', // a part of the summary a source could not give (Prometheus or Jaeger down)
  'healthy', // nothing failing or unusually slow
]);

export const whyFinding = z.object({
  kind: whyFindingKind,
  title: z.string(),
  detail: z.string(),
  links: z.array(whyLink),
});

export const whyResponse = z.object({
  // The range the findings are about, unix microseconds.
  start: z.number(),
  end: z.number(),
  findings: z.array(whyFinding),
});

export const appWhyRoute = apiRoute('/api/namespaces/[ns]/apps/[name]/why', whyResponse);
export const workloadWhyRoute = apiRoute('/api/namespaces/[ns]/workloads/[name]/why', whyResponse);
export const serviceWhyRoute = apiRoute('/api/namespaces/[ns]/services/[name]/why', whyResponse);
export const WHY_ROUTES = { apps: appWhyRoute, workloads: workloadWhyRoute, services: serviceWhyRoute } as const;

export type WhyQuery = z.output<typeof whyQuery>;
export type WhyLink = z.output<typeof whyLink>;
export type WhyFinding = z.output<typeof whyFinding>;
export type WhyFindingKind = z.output<typeof whyFindingKind>;
export type WhyResponse = z.output<typeof whyResponse>;
