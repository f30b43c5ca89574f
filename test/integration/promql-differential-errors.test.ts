// Bad queries: the built-in Prometheus answers with the real one's error type and status, and a message that
// points at the problem.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, startCorpusServers, type CorpusServers } from '../promql-corpus.servers.js';

let servers: CorpusServers;
beforeAll(async () => {
  servers = await startCorpusServers();
});
afterAll(async () => {
  await servers?.stop();
});

const BAD_QUERIES: { query: string; mentions: RegExp }[] = [
  { query: 'sum(rate(istio_requests_total[5m])', mentions: /1:\d+: parse error: unexpected end of input/ },
  { query: 'istio_requests_total{reporter="source"', mentions: /parse error/ },
  { query: 'rate(istio_requests_total[5m]', mentions: /parse error/ },
  { query: 'foo_bar(istio_requests_total)', mentions: /unknown function with name "foo_bar"/ },
  {
    query: 'rate(istio_requests_total)',
    mentions: /expected type range vector in call to function "rate", got instant vector/,
  },
  {
    query: 'abs(istio_requests_total[5m])',
    mentions: /expected type instant vector in call to function "abs", got range vector/,
  },
  {
    query: 'histogram_quantile("x", istio_requests_total)',
    mentions: /expected type scalar in call to function "histogram_quantile", got string/,
  },
  { query: 'topk(istio_requests_total)', mentions: /wrong number of arguments|expected/ },
  {
    query: 'label_replace(mesh_gauge, "a", "b")',
    mentions: /expected 5 argument\(s\) in call to "label_replace", got 3/,
  },
  { query: '1 > 2', mentions: /comparisons between scalars must use BOOL modifier/ },
  { query: 'mesh_gauge and 1', mentions: /set operator "and" not allowed in binary scalar expression/ },
  { query: '{}', mentions: /vector selector must contain at least one non-empty matcher/ },
  { query: 'mesh_gauge{kind=~"("}', mentions: /regular expression|regexp|parse error/ },
  { query: 'mesh_gauge[5m] + 1', mentions: /binary expression must contain only scalar and instant vector types/ },
  { query: 'sum(mesh_gauge) by (kind', mentions: /parse error/ },
  { query: 'rate(mesh_gauge[5x])', mentions: /parse error/ },
  { query: '', mentions: /parse error|query/ },
];

describe('bad queries get Prometheus’ error type and a message that points at the problem', () => {
  for (const { query, mentions } of BAD_QUERIES) {
    it(`rejects ${JSON.stringify(query)}`, async () => {
      const params = { query, time: '1704068400' };
      const [real, builtin] = await Promise.all([
        ask(servers.realUrl, '/api/v1/query', params),
        ask(servers.builtinUrl, '/api/v1/query', params),
      ]);
      expect(real.body.errorType).toBe('bad_data');
      expect({ status: builtin.status, errorType: builtin.body.errorType }).toEqual({
        status: real.status,
        errorType: 'bad_data',
      });
      expect(builtin.body.error).toMatch(mentions);
    });
  }

  it('names a function it does not implement instead of answering wrongly', async () => {
    const res = await ask(servers.builtinUrl, '/api/v1/query', { query: 'predict_linear(mesh_gauge[5m], 60)' });
    expect(res.status).toBe(400);
    expect(res.body.errorType).toBe('bad_data');
    expect(res.body.error).toContain('"predict_linear" is not supported');
  });

  it('rejects a range query with a bad step or too many points as Prometheus does', async () => {
    for (const params of [
      { query: 'mesh_gauge', start: '1704068400', end: '1704068000', step: '15' },
      { query: 'mesh_gauge', start: '1704068400', end: '1704069000', step: '0' },
      { query: 'mesh_gauge', start: '1704060000', end: '1704069000', step: '0.5' },
      { query: 'mesh_gauge', start: 'yesterday', end: '1704069000', step: '15' },
    ]) {
      const [real, builtin] = await Promise.all([
        ask(servers.realUrl, '/api/v1/query_range', params),
        ask(servers.builtinUrl, '/api/v1/query_range', params),
      ]);
      expect({ status: builtin.status, body: builtin.body }).toEqual({ status: real.status, body: real.body });
    }
  });

  it('answers execution errors with 422 execution, as Prometheus does', async () => {
    const params = { query: 'mesh_gauge + on() group_left mesh_gauge', time: '1704068400' };
    const [real, builtin] = await Promise.all([
      ask(servers.realUrl, '/api/v1/query', params),
      ask(servers.builtinUrl, '/api/v1/query', params),
    ]);
    expect({ status: builtin.status, errorType: builtin.body.errorType }).toEqual({
      status: real.status,
      errorType: real.body.errorType,
    });
    expect(builtin.body.errorType).toBe('execution');
  });

  it('serves series, labels, label values and buildinfo like Prometheus', async () => {
    for (const [path, params] of [
      ['/api/v1/series', { 'match[]': 'mesh_gauge' }],
      ['/api/v1/labels', {}],
      ['/api/v1/labels', { 'match[]': 'istio_tcp_sent_bytes_total' }],
      ['/api/v1/label/kind/values', {}],
      ['/api/v1/label/destination_workload/values', { 'match[]': 'istio_requests_total{reporter="source"}' }],
    ] as const) {
      const [real, builtin] = await Promise.all([
        ask(servers.realUrl, path, params),
        ask(servers.builtinUrl, path, params),
      ]);
      expect(builtin.body, path).toEqual(real.body);
    }
    const info = await ask(servers.builtinUrl, '/api/v1/status/buildinfo', {});
    expect(info.body.data).toMatchObject({ version: '2.42.0' });
  });
});
