import { z } from 'zod';
import { durationParam, durationSeconds } from '../duration.js';
import { apiRoute } from './api-route.js';

// GET /api/namespaces/{ns}/{apps|workloads|services}/{name}/metrics: the Metrics tab of a detail page, every chart of
// one direction in one answer, with the config changes that touch the entity as markers.

export const METRIC_CHARTS = [
  'requestRate',
  'errorRatio',
  'durationP50',
  'durationP95',
  'durationP99',
  'durationMean',
  'requestSize',
  'responseSize',
  'tcpSent',
  'tcpReceived',
  'tcpConnections',
] as const;
export type MetricChartName = (typeof METRIC_CHARTS)[number];

export const METRIC_SPLITS = ['source', 'destination', 'version', 'code', 'protocol'] as const;
export type MetricSplit = (typeof METRIC_SPLITS)[number];

// Prometheus refuses a range query of more points than this per series (web/api/v1/api.go, queryRange:
// "exceeded maximum resolution of 11,000 points per timeseries"); refused here first, naming our parameter.
export const MAX_POINTS = 11_000;

export const entityMetricsQuery = z
  .object({
    direction: z.enum(['inbound', 'outbound']).default('inbound'),
    duration: durationParam('60s, 10m, 1h or 1d').default('10m'),
    // Seconds between points; absent means about 60 points over the duration.
    step: durationParam('15s, 1m or 5m').optional(),
    by: z.enum(METRIC_SPLITS).optional(),
    // Which proxy's report to read. As in Kiali's metrics tabs: the server's own proxy for inbound (what reached it),
    // the caller's for outbound (what it sent, including requests that never got an answer).
    reporter: z.enum(['source', 'destination']).optional(),
    // Unix seconds the window ends at; absent means now.
    queryTime: z.coerce.number().int().positive().optional(),
  })
  .refine((q) => q.step === undefined || durationSeconds(q.step)! > 0, {
    path: ['step'],
    message: 'a step of at least 1s',
  })
  .refine((q) => q.step === undefined || durationSeconds(q.duration)! / durationSeconds(q.step)! <= MAX_POINTS, {
    path: ['step'],
    message: `too many points: duration/step must be at most ${MAX_POINTS}; give a longer step`,
  })
  .transform((q) => ({ ...q, reporter: q.reporter ?? (q.direction === 'inbound' ? 'destination' : 'source') }));

const point = z.tuple([z.number(), z.number()]); // [unix seconds, value]

export const metricSeries = z.object({
  // The split's labels (empty when not split), e.g. { destination_version: 'v2' }; TCP connections add `event`.
  labels: z.record(z.string(), z.string()),
  points: z.array(point),
});

export const metricChart = z.object({
  name: z.enum(METRIC_CHARTS),
  // 'rps', 'ratio' (0..1), 'ms', 'bytes', 'bytes/s', 'cps' (connections per second).
  unit: z.enum(['rps', 'ratio', 'ms', 'bytes', 'bytes/s', 'cps']),
  series: z.array(metricSeries),
});

export const configChangeMarker = z.object({
  time: z.number(), // unix seconds
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
  change: z.string(),
});

export const entityMetricsResponse = z.object({
  charts: z.array(metricChart),
  markers: z.array(configChangeMarker),
});

const routeOf = (resource: string) =>
  apiRoute(`/api/namespaces/[ns]/${resource}/[name]/metrics`, entityMetricsResponse);
export const appMetricsRoute = routeOf('apps');
export const workloadMetricsRoute = routeOf('workloads');
export const serviceMetricsRoute = routeOf('services');
/** The route of each detail page's Metrics tab, by the resource its path names. */
export const entityMetricsRoutes = {
  apps: appMetricsRoute,
  workloads: workloadMetricsRoute,
  services: serviceMetricsRoute,
} as const;

export type EntityMetricsQuery = z.output<typeof entityMetricsQuery>;
export type EntityMetricsResponse = z.output<typeof entityMetricsResponse>;
export type MetricChart = z.output<typeof metricChart>;
export type MetricSeries = z.output<typeof metricSeries>;
export type ConfigChangeMarker = z.output<typeof configChangeMarker>;
