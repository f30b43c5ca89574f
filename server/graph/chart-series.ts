// The side panel's charts from Prometheus' answers (no I/O): one reporter's series for every chart, the reporter the
// graph believes for that node or edge when it said anything, the other one when it is silent.
import type { Sample, Series } from '../sources/prometheus.js';
import { displayCode } from './edge-traffic.js';

export type Reporter = 'source' | 'destination';

function pick<T extends { metric: Record<string, string> }>(items: T[], prefer: Reporter): T[] {
  const preferred = items.filter((i) => i.metric['reporter'] === prefer);
  return preferred.length > 0 ? preferred : items.filter((i) => i.metric['reporter'] !== prefer);
}

function seriesOf(all: Series[], s: string): [number, number][] {
  return all.find((x) => x.metric['s'] === s)?.values.filter(([, v]) => Number.isFinite(v)) ?? [];
}

/**
 * `range` holds the chart query's series (labels `s` and `reporter`), `codes` the window's rate by response code and
 * reporter; `prefer` is the reporter to believe first.
 */
export function buildChartSeries(range: Series[], codes: Sample[], prefer: Reporter) {
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
