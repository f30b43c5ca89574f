// Property test: random selector, function and aggregation combinations over the corpus history give the same
// answer from the built-in Prometheus as from a real Prometheus 2.42 holding the same samples.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_END_MS, DATA_START_MS } from '../promql-corpus.data.js';
import { ask, differences, startCorpusServers, type CorpusServers } from '../promql-corpus.servers.js';

let servers: CorpusServers;
beforeAll(async () => {
  servers = await startCorpusServers();
});
afterAll(async () => {
  await servers?.stop();
});

const LABEL_VALUES: Record<string, string[]> = {
  reporter: ['source', 'destination'],
  destination_workload: [
    'productpage-v1',
    'details-v1',
    'reviews-v1',
    'reviews-v2',
    'reviews-v3',
    'ratings-v1',
    'sa-logic-v1',
  ],
  destination_service_namespace: ['bookinfo', 'demo'],
  response_code: ['200', '500', '503'],
  source_workload: ['istio-ingressgateway', 'productpage', 'reviews', 'sa-webapp'],
  request_protocol: ['http', 'grpc'],
};
const LABELS = Object.keys(LABEL_VALUES);

const matcher = fc.constantFrom(...LABELS).chain((name) =>
  fc
    .record({
      op: fc.constantFrom('=', '!=', '=~', '!~'),
      values: fc.subarray(LABEL_VALUES[name]!, { minLength: 1, maxLength: Math.min(3, LABEL_VALUES[name]!.length) }),
    })
    .map(({ op, values }) => `${name}${op}"${op.includes('~') ? values.join('|') : values[0]}"`),
);

const selector = fc
  .record({
    metric: fc.constantFrom(
      'istio_requests_total',
      'istio_request_duration_milliseconds_count',
      'istio_request_duration_milliseconds_sum',
    ),
    matchers: fc.array(matcher, { maxLength: 3 }),
  })
  .map(({ metric, matchers }) => `${metric}{${matchers.join(',')}}`);

const inner = fc.oneof(
  selector,
  fc
    .record({
      fn: fc.constantFrom(
        'rate',
        'increase',
        'irate',
        'delta',
        'idelta',
        'avg_over_time',
        'max_over_time',
        'count_over_time',
        'last_over_time',
      ),
      s: selector,
      range: fc.constantFrom('30s', '1m', '2m', '5m', '10m'),
      offset: fc.constantFrom('', ' offset 1m', ' offset 7m'),
    })
    .map(({ fn, s, range, offset }) => `${fn}(${s}[${range}]${offset})`),
);

const query = fc.oneof(
  inner,
  fc
    .record({
      op: fc.constantFrom('sum', 'avg', 'min', 'max', 'count', 'stddev', 'group'),
      mode: fc.constantFrom('by', 'without'),
      labels: fc.subarray(LABELS, { maxLength: 3 }),
      e: inner,
    })
    .map(({ op, mode, labels, e }) => `${op} ${mode} (${labels.join(', ')}) (${e})`),
  fc
    .record({
      op: fc.constantFrom('topk', 'bottomk'),
      k: fc.integer({ min: 1, max: 4 }),
      e: inner,
      labels: fc.subarray(LABELS, { maxLength: 2 }),
    })
    .map(({ op, k, e, labels }) => `${op} by (${labels.join(', ')}) (${k}, ${e})`),
  fc
    .record({ q: fc.constantFrom('0.5', '0.9', '0.99'), e: inner, labels: fc.subarray(LABELS, { maxLength: 2 }) })
    .map(({ q, e, labels }) => `quantile by (${labels.join(', ')}) (${q}, ${e})`),
  fc
    .record({
      a: inner,
      b: inner,
      op: fc.constantFrom('/', '+', '>', 'and', 'unless', 'or'),
      on: fc.subarray(LABELS, { maxLength: 2 }),
    })
    .map(
      ({ a, b, op, on }) =>
        `sum by (${on.join(', ')}) (${a}) ${op} on (${on.join(', ')}) sum by (${on.join(', ')}) (${b})`,
    ),
);

const time = fc.integer({ min: DATA_START_MS / 1000 + 60, max: DATA_END_MS / 1000 + 400 });

describe('random queries agree with a real Prometheus', () => {
  it('instant queries over random selectors, functions, aggregations and matching', async () => {
    await fc.assert(
      fc.asyncProperty(query, time, async (q, t) => {
        const params = { query: q, time: String(t) };
        const [real, builtin] = await Promise.all([
          ask(servers.realUrl, '/api/v1/query', params),
          ask(servers.builtinUrl, '/api/v1/query', params),
        ]);
        expect(differences(real, builtin), q).toEqual([]);
      }),
      { numRuns: 300, seed: 4242 },
    );
  });

  it('range queries over random selectors and functions', async () => {
    await fc.assert(
      fc.asyncProperty(query, time, fc.constantFrom(15, 30, 61), async (q, t, step) => {
        const params = { query: q, start: String(t - 600), end: String(t), step: String(step) };
        const [real, builtin] = await Promise.all([
          ask(servers.realUrl, '/api/v1/query_range', params),
          ask(servers.builtinUrl, '/api/v1/query_range', params),
        ]);
        expect(differences(real, builtin), q).toEqual([]);
      }),
      { numRuns: 100, seed: 4243 },
    );
  });
});
