// The side panel's charts for one node or edge: request rate, error ratio and latency quantiles over the window
// (one range query), and the response codes of the window (one instant query). Which proxy to believe follows the
// graph: callers' proxies for edges, servers' proxies for nodes (what reached them), the other one when silent.
import type { GraphSeriesQuery, GraphSeriesResponse } from '../../../lib/api/graph-series.js';
import { requireDurationSeconds } from '../../../lib/duration.js';
import { InputError } from '../../errors.js';
import { namespaceRefusal } from '../../sources/kube-cache.js';
import { chartRateWindow, type PrometheusSource } from '../../sources/prometheus.js';
import { PROMETHEUS_NOT_CONFIGURED, type Sources } from '../../sources/sources.js';
import { buildChartSeries, type Reporter } from '../chart-series.js';
import { chartQuery } from '../graph-queries.js';
import { namespaceOfNodeId, parseNodeId } from '../node-identity.js';
import { edgeMatchers, isServiceNode, nodeMatchers } from '../series-selectors.js';

const POINTS = 60;

async function charts(
  prometheus: PrometheusSource,
  matchers: string[],
  prefer: Reporter,
  window: { startMs: number; endMs: number; stepSeconds: number; duration: string },
  signal?: AbortSignal,
) {
  const selector = [...matchers, 'reporter=~"source|destination"'].join(',');
  const rateWindow = chartRateWindow(window.stepSeconds, await prometheus.scrapeIntervalSeconds({ signal }));
  const [range, codes] = await Promise.all([
    prometheus.range(chartQuery(selector, rateWindow), { ...window, signal }),
    prometheus.instant(
      `sum by (reporter, request_protocol, response_code, grpc_response_status) (rate(istio_requests_total{${selector}}[${window.duration}])) > 0`,
      { atMs: window.endMs, signal },
    ),
  ]);
  return buildChartSeries(range, codes, prefer);
}

/**
 * A person's charts are of what their graph draws: a node of a namespace they may see, or an edge with one such end
 * (an outsider's edge into their namespace). Anything else is refused as kubectl would refuse its namespace.
 */
function requireVisibleEnd(sources: Pick<Sources, 'access' | 'kubernetes'>, ends: string[]): void {
  if (!sources.access.restricted) return;
  const namespaces = ends.map(namespaceOfNodeId);
  const visible = sources.access.visibleNamespaces();
  if (namespaces.some((ns) => ns !== null && visible.has(ns))) return;
  const hidden = namespaces.find((ns) => ns !== null);
  if (hidden) throw namespaceRefusal(sources.kubernetes.user, hidden);
}

export async function loadGraphSeries(
  sources: Sources,
  q: GraphSeriesQuery,
  signal?: AbortSignal,
  now: () => number = Date.now,
): Promise<GraphSeriesResponse> {
  const prometheus = sources.prometheus;
  if (!prometheus) throw new InputError(PROMETHEUS_NOT_CONFIGURED);
  const endMs = q.queryTime !== undefined ? q.queryTime * 1000 : now();
  const durationSeconds = requireDurationSeconds(q.duration);
  const stepSeconds = Math.max(1, Math.round(durationSeconds / POINTS));
  const window = { startMs: endMs - durationSeconds * 1000, endMs, stepSeconds, duration: q.duration };
  requireVisibleEnd(sources, q.edge ? q.edge.split('>').slice(0, 2) : [q.node!]);
  if (q.edge !== undefined) {
    const matchers = edgeMatchers(q.edge);
    const { found: _, ...edge } = await charts(prometheus, matchers, 'source', window, signal);
    return { stepSeconds, direction: 'edge', ...edge };
  }
  const node = q.node!;
  if (parseNodeId(node).kind !== 'unknown') {
    const { found, ...inbound } = await charts(
      prometheus,
      nodeMatchers(node, 'destination'),
      'destination',
      window,
      signal,
    );
    if (found || isServiceNode(node)) return { stepSeconds, direction: 'inbound', ...inbound };
  }
  const { found: __, ...outbound } = await charts(prometheus, nodeMatchers(node, 'source'), 'source', window, signal);
  return { stepSeconds, direction: 'outbound', ...outbound };
}
