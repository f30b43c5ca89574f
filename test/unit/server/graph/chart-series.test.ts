import { describe, expect, it } from 'vitest';
import { buildChartSeries } from '../../../../server/graph/chart-series.js';

const series = (s: string, reporter: string, values: [number, number][]) => ({ metric: { s, reporter }, values });
const code = (reporter: string, responseCode: string, value: number) => ({
  metric: { reporter, request_protocol: 'http', response_code: responseCode },
  value,
});

describe("the side panel's charts", () => {
  it('believe the preferred proxy when it reported requests, for every chart and the response codes', () => {
    const charts = buildChartSeries(
      [
        series('rps', 'source', [[1, 10]]),
        series('rps', 'destination', [[1, 8]]),
        series('errors', 'source', [[1, 1]]),
      ],
      [code('source', '200', 9), code('source', '503', 1), code('destination', '200', 8)],
      'source',
    );
    expect(charts.rps).toEqual([[1, 10]]);
    expect(charts.errorRatio).toEqual([[1, 0.1]]);
    expect(charts.responseCodes).toEqual({ '200': 9, '503': 1 });
  });

  it('fall back on the other proxy when the preferred one is silent, leaving out gaps', () => {
    const charts = buildChartSeries(
      [
        series('rps', 'destination', [
          [1, 4],
          [2, Number.NaN],
        ]),
      ],
      [],
      'source',
    );
    expect(charts.found).toBe(true);
    expect(charts.rps).toEqual([[1, 4]]);
  });
});
