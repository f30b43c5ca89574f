// The I/O behind the Metrics tab: the entity checked in the watch cache (a 404 before any query), then every chart's
// range query to Prometheus at once, and the config changes that touch the entity over the same window.
import { setMaxListeners } from 'node:events';
import type { EntityMetricsQuery, EntityMetricsResponse, MetricChartName } from '../../../lib/api/entity-metrics.js';
import { requireDurationSeconds } from '../../../lib/duration.js';
import { changesTouching } from '../../changes/config-changes.js';
import { InputError } from '../../errors.js';
import { requireEntity } from '../../mesh/require-entity.js';
import { chartRateWindow } from '../../sources/prometheus.js';
import { PROMETHEUS_NOT_CONFIGURED, type Sources } from '../../sources/sources.js';
import { buildEntityMetrics } from '../entity-metrics.js';
import type { EntityRef } from '../../../lib/api/entity-ref.js';
import { entityMetricsQueries } from '../entity-metrics-queries.js';

// About this many points per chart when the request names no step: smooth enough, light for Prometheus and the page.
const POINTS = 60;

/** The window a query covers: its end, start and step. */
function metricsWindow(query: EntityMetricsQuery, nowMs: number) {
  const endMs = query.queryTime !== undefined ? query.queryTime * 1000 : nowMs;
  const durationSeconds = requireDurationSeconds(query.duration);
  const stepSeconds =
    query.step !== undefined ? requireDurationSeconds(query.step) : Math.max(1, Math.round(durationSeconds / POINTS));
  return { startMs: endMs - durationSeconds * 1000, endMs, stepSeconds };
}

export async function loadEntityMetrics(
  sources: Sources,
  entity: EntityRef,
  query: EntityMetricsQuery,
  signal?: AbortSignal,
  now: () => number = Date.now,
): Promise<EntityMetricsResponse> {
  requireEntity(sources.kubernetes, entity);
  const prometheus = sources.prometheus;
  if (!prometheus) throw new InputError(PROMETHEUS_NOT_CONFIGURED);
  const window = metricsWindow(query, now());
  const rateWindow = chartRateWindow(window.stepSeconds, await prometheus.scrapeIntervalSeconds({ signal }));
  const queries = entityMetricsQueries({ entity, query, rateWindow });
  const names = Object.keys(queries) as MetricChartName[];
  // Each query listens to the request's signal: past Node's default of 10 listeners it would warn of a leak.
  if (signal) setMaxListeners(names.length + 2, signal);
  const answers = await Promise.all(names.map((name) => prometheus.range(queries[name], { ...window, signal })));
  const markers = changesTouching(entity, window.startMs / 1000, window.endMs / 1000);
  return buildEntityMetrics(Object.fromEntries(names.map((name, i) => [name, answers[i]!])), markers);
}
