// The gate queries as text (what they select) and as Prometheus evaluates them: promtool (Prometheus 2.42's engine)
// runs each query over recorded istio series of sa-logic's v1 and v2 and checks the answer is the shape
// measurements.ts reads, the same shape as the Sample[] fixtures of the other tests.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { gateQueries } from '../../../../../server/traffic/canary/gate-queries.js';
import { PROMETHEUS_BIN } from '../../../../helpers/prometheus.js';
import { service, startedRun } from './canary-fixtures.js';

const PROMTOOL_BIN = process.env['PROMTOOL_BIN'] ?? join(PROMETHEUS_BIN, '../promtool');
const spec = startedRun().spec;

describe('gateQueries: two instant queries per interval over both versions', () => {
  it('selects sa-logic’s v2 and v1 as the destination reports them, over the run’s interval', () => {
    const { requests, p99 } = gateQueries(service, spec);
    const selector =
      'reporter="destination",destination_service_namespace="demo",destination_service_name="sa-logic",' +
      'destination_version=~"v2|v1"';
    expect(requests).toContain(`increase(istio_requests_total{${selector}}[30s])`);
    expect(requests).toContain(`increase(istio_requests_total{${selector},response_code=~"5.."}[30s])`);
    expect(p99).toBe(
      `histogram_quantile(0.99, sum by (le, destination_version) ` +
        `(rate(istio_request_duration_milliseconds_bucket{${selector}}[30s])))`,
    );
  });

  it('asks no latency when no gate reads it', () => {
    const noLatency = { ...spec, gates: { minSuccessRate: 99 } };
    expect(gateQueries(service, noLatency).p99).toBeNull();
    expect(gateQueries(service, { ...noLatency, gates: { maxDegradationVsBaseline: 1 } }).p99).not.toBeNull();
  });

  it('escapes a version’s regex characters, so v1.2 matches v1.2 and not v1x2', () => {
    const { requests } = gateQueries(service, { ...spec, canary: 'v1.2', baseline: 'v1.1' });
    expect(requests).toContain(String.raw`destination_version=~"v1\\.2|v1\\.1"`);
  });
});

describe('gateQueries as Prometheus evaluates them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-canary-queries-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const labels = (version: string, code: string) =>
    `{reporter="destination",destination_service_namespace="demo",destination_service_name="sa-logic",` +
    `destination_version="${version}",response_code="${code}"}`;
  const bucket = (version: string, le: string) =>
    `istio_request_duration_milliseconds_bucket{reporter="destination",destination_service_namespace="demo",` +
    `destination_service_name="sa-logic",destination_version="${version}",le="${le}"}`;

  /** promtool's verdict on `expr` at 2m over the series, against the expected samples; its output when it fails. */
  function promtool(expr: string, expected: { labels: string; value: number }[]): string {
    const file = join(dir, `t-${Math.random().toString(36).slice(2)}.yml`);
    const series = [
      // Every 15 s: v2 answers 10 requests, 2 of them 503; v1 answers 40, all 200; v1 also 400s (not failures),
      // and a v3 and another service, both outside the query.
      { series: `istio_requests_total${labels('v2', '200')}`, values: '0+8x8' },
      { series: `istio_requests_total${labels('v2', '503')}`, values: '0+2x8' },
      { series: `istio_requests_total${labels('v1', '200')}`, values: '0+40x8' },
      { series: `istio_requests_total${labels('v1', '400')}`, values: '0+1x8' },
      { series: `istio_requests_total${labels('v3', '500')}`, values: '0+5x8' },
      {
        series: `istio_requests_total{reporter="destination",destination_service_namespace="demo",destination_service_name="sa-web",destination_version="v2",response_code="500"}`,
        values: '0+5x8',
      },
      // Latency: v2's requests all under 250 ms, v1's all under 100 ms.
      { series: bucket('v2', '100'), values: '0+0x8' },
      { series: bucket('v2', '250'), values: '0+10x8' },
      { series: bucket('v2', '+Inf'), values: '0+10x8' },
      { series: bucket('v1', '100'), values: '0+41x8' },
      { series: bucket('v1', '250'), values: '0+41x8' },
      { series: bucket('v1', '+Inf'), values: '0+41x8' },
    ];
    const test = {
      rule_files: [],
      evaluation_interval: '15s',
      tests: [
        {
          interval: '15s',
          input_series: series,
          promql_expr_test: [{ expr, eval_time: '2m', exp_samples: expected }],
        },
      ],
    };
    writeFileSync(file, stringify(test));
    try {
      execFileSync(PROMTOOL_BIN, ['test', 'rules', file], { encoding: 'utf8', stdio: 'pipe' });
      return 'SUCCESS';
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      return `${e.stdout ?? ''}${e.stderr ?? String(err)}`;
    }
  }

  it('answers requests and 5xx per version in one query: 20 and 4 for v2, 82 and no 5xx for v1', () => {
    // Over [30s] at 15 s scrapes: three samples, two increments each version.
    const verdict = promtool(gateQueries(service, spec).requests, [
      { labels: '{destination_version="v2",kind="requests"}', value: 20 },
      { labels: '{destination_version="v2",kind="errors"}', value: 4 },
      { labels: '{destination_version="v1",kind="requests"}', value: 82 },
    ]);
    expect(verdict).toBe('SUCCESS');
  });

  it('answers p99 per version: v2 within its 100–250 ms bucket, v1 within 0–100 ms', () => {
    // histogram_quantile interpolates linearly inside the bucket: 100 + 0.99 × 150 and 0.99 × 100 (rounded to
    // 0.1 ms here: the rates it divides are floating point).
    const verdict = promtool(`round(${gateQueries(service, spec).p99 as string}, 0.1)`, [
      { labels: '{destination_version="v2"}', value: 248.5 },
      { labels: '{destination_version="v1"}', value: 99 },
    ]);
    expect(verdict).toBe('SUCCESS');
  });
});
