// The side panel's charts for one node or edge: request rate, error ratio and latency quantiles over the window
// (one range query), and the response codes of the window (one instant query). Which proxy to believe follows the
// graph: callers' proxies for edges, servers' proxies for nodes (what reached them), the other one when silent.
import type { GraphSeriesQuery, GraphSeriesResponse } from '../../../lib/api/graph-series.js';
import { requireDurationSeconds } from '../../../lib/duration.js';
import { InputError } from '../../errors.js';
import { chartRateWindow, type PrometheusSource, type Sample, type Series } from '../../sources/prometheus.js';
import { PROMETHEUS_NOT_CONFIGURED, type Sources } from '../../sources/sources.js';
import { displayCode } from '../edge-traffic.js';
import { chartQuery } from '../graph-queries.js';
import { parseNodeId } from '../node-identity.js';
import { edgeMatchers, isServiceNode, nodeMatchers } from '../series-selectors.js';

const POINTS = 60;
type Reporter = 'source' | 'destination';

function pick<T extends { metric: Record<string, string> }>(items: T[], prefer: Reporter): T[] {
  const preferred = items.filter((i) => i.metric['reporter'] === prefer);
  return preferred.length > 0 ? preferred : items.filter((i) => i.metric['reporter'] !== prefer);
}

function seriesOf(all: Series[], s: string): [number, number][] {
  return all.find((x) => x.metric['s'] === s)?.values.filter(([, v]) => Number.isFinite(v)) ?? [];
}

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
  // One reporter for every chart: the preferred one if it said anything about requests.
  const rpsSeries = range.filter((x) => x.metric['s'] === 'rps');
  const reporter = pick(rpsSeries, prefer)[0]?.metric['reporter'] as Reporter | undefined;
  const mine = reporter ? range.filter((x) => x.metric['reporter'] === reporter) : [];
  const rps = seriesOf(mine, 'rps');
  // TCP has its own reporter choice: a TCP edge has no request series to choose by.
  const tcpSeries = range.filter((x) => x.metric['s'] === 'tcp_sent' || x.metric['s'] === 'tcp_received');
  const tcpReporter = pick(tcpSeries, prefer)[0]?.metric['reporter'];
  const tcpMine = tcpReporter ? tcpSeries.filter((x) => x.metric['reporter'] === tcpReporter) : [];
  const tcpSent = seriesOf(tcpMine, 'tcp_sent');
  const tcpReceived = seriesOf(tcpMine, 'tcp_received');
  const errors = new Map(seriesOf(mine, 'errors'));
  const responseCodes: Record<string, number> = {};
  for (const c of pick<Sample>(codes, reporter ?? prefer)) {
    const m = c.metric;
    const code = displayCode(
      m['request_protocol'] ?? 'http',
      m['response_code'] ?? '',
      m['grpc_response_status'] ?? '',
    );
    responseCodes[code] = (responseCodes[code] ?? 0) + c.value;
  }
  return {
    found: rps.length > 0 || tcpSent.length > 0 || tcpReceived.length > 0,
    rps,
    errorRatio: rps.map(([t, v]) => [t, v > 0 ? (errors.get(t) ?? 0) / v : 0] as [number, number]),
    p50: seriesOf(mine, 'p50'),
    p95: seriesOf(mine, 'p95'),
    p99: seriesOf(mine, 'p99'),
    responseCodes,
    tcpSent,
    tcpReceived,
  };
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
