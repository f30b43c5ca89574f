// The fixed history both the real Prometheus and the built-in one hold for the differential tests: Istio's request
// counter and duration histogram (Istio's labels and Envoy's default buckets), TCP counters and a few gauges, with
// jittered scrape times, a pod restart (counter resets), an edge that starts late and one that goes away, and NaN
// and ±Inf samples. Written as OpenMetrics with explicit timestamps, for `promtool tsdb create-blocks-from
// openmetrics` and for the built-in TSDB's loader alike.
import { ISTIO_BUCKETS } from '@sextant/mesh-in-a-box';

export const DATA_START_MS = Date.UTC(2024, 0, 1); // whole hours, so 1h/30m/1m steps align with the data
export const SCRAPE_MS = 15_000;
export const COLUMNS = 180; // 45 minutes
export const DATA_END_MS = DATA_START_MS + (COLUMNS - 1) * SCRAPE_MS;

interface Edge {
  from: string;
  to: string;
  ns: string;
  version: string;
  rps: number;
  codes: [string, number][]; // response code and its share
  protocol: 'http' | 'grpc';
  firstColumn?: number;
  lastColumn?: number;
  restartAt?: number; // the destination pod restarts: its counters start again from zero
  // request_operation values and their shares on the server's series, as a Telemetry with mode SERVER adds them
  operations?: [string, number][];
}

const EDGES: Edge[] = [
  {
    from: 'istio-ingressgateway',
    to: 'productpage',
    ns: 'bookinfo',
    version: 'v1',
    rps: 12,
    codes: [
      ['200', 0.97],
      ['503', 0.03],
    ],
    protocol: 'http',
  },
  { from: 'productpage', to: 'details', ns: 'bookinfo', version: 'v1', rps: 11, codes: [['200', 1]], protocol: 'http' },
  {
    from: 'productpage',
    to: 'reviews',
    ns: 'bookinfo',
    version: 'v1',
    rps: 4,
    codes: [['200', 1]],
    protocol: 'http',
    restartAt: 100,
  },
  {
    from: 'productpage',
    to: 'reviews',
    ns: 'bookinfo',
    version: 'v2',
    rps: 4,
    codes: [
      ['200', 0.9],
      ['500', 0.1],
    ],
    protocol: 'http',
  },
  {
    from: 'productpage',
    to: 'reviews',
    ns: 'bookinfo',
    version: 'v3',
    rps: 3,
    codes: [['200', 1]],
    protocol: 'http',
    firstColumn: 60,
  },
  {
    from: 'reviews',
    to: 'ratings',
    ns: 'bookinfo',
    version: 'v1',
    rps: 6,
    codes: [
      ['200', 0.95],
      ['503', 0.05],
    ],
    protocol: 'http',
    lastColumn: 120,
  },
  {
    from: 'sa-webapp',
    to: 'sa-logic',
    ns: 'demo',
    version: 'v1',
    rps: 8,
    codes: [
      ['0', 0.98],
      ['14', 0.02],
    ],
    protocol: 'grpc',
    operations: [
      ['/sentiment.Logic/Analyse', 0.75],
      ['/sentiment.Logic/Health', 0.25],
    ],
  },
];

/** A small deterministic generator (mulberry32), so every run writes the same file. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function istioLabels(e: Edge, reporter: string, code: string): string {
  const src = e.from === 'istio-ingressgateway' ? 'istio-system' : e.ns;
  const grpc = e.protocol === 'grpc' ? code : '';
  const responseCode = e.protocol === 'grpc' ? '200' : code;
  return [
    `reporter="${reporter}"`,
    `source_workload="${e.from}"`,
    `source_workload_namespace="${src}"`,
    `source_canonical_service="${e.from}"`,
    `source_canonical_revision="latest"`,
    `source_cluster="Kubernetes"`,
    `destination_workload="${e.to}-${e.version}"`,
    `destination_workload_namespace="${e.ns}"`,
    `destination_service="${e.to}.${e.ns}.svc.cluster.local"`,
    `destination_service_name="${e.to}"`,
    `destination_service_namespace="${e.ns}"`,
    `destination_canonical_service="${e.to}"`,
    `destination_canonical_revision="${e.version}"`,
    `destination_cluster="Kubernetes"`,
    `request_protocol="${e.protocol}"`,
    `response_code="${responseCode}"`,
    `grpc_response_status="${grpc}"`,
    `response_flags="${code === '503' ? 'UH' : '-'}"`,
    `connection_security_policy="${reporter === 'destination' ? 'mutual_tls' : 'unknown'}"`,
    `namespace="${reporter === 'source' ? src : e.ns}"`,
    `pod="${reporter === 'source' ? e.from : `${e.to}-${e.version}`}-7d4f8b9c6-x2k4p"`,
  ].join(',');
}

/** The whole history as OpenMetrics text (timestamps in seconds), ending with # EOF. */
export function corpusOpenMetrics(): string {
  const rand = random(42);
  const times: number[] = [];
  for (let i = 0; i < COLUMNS; i++) {
    // Real scrapes wander by a few hundred milliseconds; every tenth is exactly on time.
    const jitter = i % 10 === 0 ? 0 : Math.round((rand() - 0.5) * 1600);
    times.push(DATA_START_MS + i * SCRAPE_MS + jitter);
  }
  const lines: string[][] = [];
  const series = (name: string, labels: string) => {
    const out: string[] = [];
    lines.push(out);
    return (t: number, v: string) => out.push(`${name}{${labels}} ${v} ${(t / 1000).toFixed(3)}`);
  };
  for (const e of EDGES) {
    for (const reporter of ['source', 'destination']) {
      const operations: [string | null, number][] =
        reporter === 'destination' && e.operations ? e.operations : [[null, 1]];
      for (const [code, codeShare] of e.codes)
        for (const [operation, operationShare] of operations) {
          const share = codeShare * operationShare;
          const labels =
            istioLabels(e, reporter, code) + (operation === null ? '' : `,request_operation="${operation}"`);
          const requests = series('istio_requests_total', labels);
          const buckets = [...ISTIO_BUCKETS.map(String), '+Inf'].map((le) =>
            series('istio_request_duration_milliseconds_bucket', `${labels},le="${le}"`),
          );
          const sum = series('istio_request_duration_milliseconds_sum', labels);
          const count = series('istio_request_duration_milliseconds_count', labels);
          const counts = new Array<number>(ISTIO_BUCKETS.length + 1).fill(0);
          let total = 0;
          let durationSum = 0;
          for (let i = 0; i < COLUMNS; i++) {
            if (i < (e.firstColumn ?? 0) || i > (e.lastColumn ?? COLUMNS)) continue;
            if (i === e.restartAt && reporter === 'destination') {
              counts.fill(0);
              total = 0;
              durationSum = 0;
            }
            const n = Math.round(e.rps * share * 15 * (0.6 + 0.8 * rand()));
            for (let k = 0; k < n; k++) {
              const ms = Math.round(-Math.log(1 - rand()) * (code === '200' || code === '0' ? 18 : 240) * 100) / 100;
              let b = 0;
              while (b < ISTIO_BUCKETS.length && ms > ISTIO_BUCKETS[b]!) b++;
              counts[b]!++;
              durationSum += ms;
            }
            total += n;
            const t = times[i]!;
            requests(t, String(total));
            let cumulative = 0;
            buckets.forEach((bucket, b) => {
              cumulative += counts[b]!;
              bucket(t, String(cumulative));
            });
            sum(t, String(Math.round(durationSum * 100) / 100));
            count(t, String(total));
          }
        }
    }
  }
  // TCP bytes, from a second "job" scraped 7 s out of phase with the first.
  const tcp = series(
    'istio_tcp_sent_bytes_total',
    'reporter="destination",source_workload="sa-webapp",destination_workload="mongodb-v1",destination_service_namespace="demo",request_protocol="tcp"',
  );
  let bytes = 0;
  for (let i = 0; i < COLUMNS; i++) {
    bytes += Math.round(20_000 + rand() * 5_000);
    tcp(DATA_START_MS + i * SCRAPE_MS + 7_000, String(bytes));
  }
  // Gauges: fractional, negative, NaN and infinite values.
  const temperature = series('mesh_gauge', 'kind="temperature",namespace="demo"');
  const ratio = series('mesh_gauge', 'kind="ratio",namespace="bookinfo"');
  const odd = series('mesh_gauge', 'kind="odd",namespace="demo"');
  for (let i = 0; i < COLUMNS; i++) {
    const t = times[i]!;
    temperature(t, String(Math.round((20 + 5 * Math.sin(i / 9) + rand()) * 1000) / 1000));
    ratio(t, String(Math.round((rand() - 0.5) * 2000) / 1000));
    odd(t, i % 37 === 5 ? 'NaN' : i % 53 === 7 ? '+Inf' : String(i % 7));
  }
  return `${lines.flat().join('\n')}\n# EOF\n`;
}
