// The built-in Prometheus against a real Prometheus 2.42 holding the same samples: every corpus query, as instant
// queries at several times and as range queries, must give the same series and values (within 1e-6 relative).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROMQL_CORPUS } from '../promql-corpus.js';
import { DATA_END_MS, DATA_START_MS } from '../promql-corpus.data.js';
import { ask, differences, startCorpusServers, type CorpusServers } from '../promql-corpus.servers.js';

// Inside the data, on and between scrapes, after a series went away, and past the end (only lookback is left).
const INSTANT_TIMES_MS = [
  DATA_START_MS + 20 * 60_000,
  DATA_START_MS + 30 * 60_000 + 7_500,
  DATA_START_MS + 37 * 60_000 + 1_234,
  DATA_END_MS + 3 * 60_000,
];
const RANGE = { start: DATA_START_MS + 10 * 60_000, end: DATA_END_MS + 2 * 60_000, step: 37_000 };

let servers: CorpusServers;
beforeAll(async () => {
  servers = await startCorpusServers();
});
afterAll(async () => {
  await servers?.stop();
});

describe('the built-in Prometheus answers the corpus as a real Prometheus 2.42 does', () => {
  for (const { name, query, instantOnly } of PROMQL_CORPUS) {
    it(`${name}: ${query.slice(0, 120)}`, async () => {
      const problems: string[] = [];
      for (const t of INSTANT_TIMES_MS) {
        const params = { query, time: String(t / 1000) };
        const [real, builtin] = await Promise.all([
          ask(servers.realUrl, '/api/v1/query', params),
          ask(servers.builtinUrl, '/api/v1/query', params),
        ]);
        expect(real.body.status, `${real.body.error}`).toBe('success');
        problems.push(...differences(real, builtin).map((d) => `instant at ${t / 1000}: ${d}`));
      }
      if (!instantOnly) {
        const params = {
          query,
          start: String(RANGE.start / 1000),
          end: String(RANGE.end / 1000),
          step: String(RANGE.step / 1000),
        };
        const [real, builtin] = await Promise.all([
          ask(servers.realUrl, '/api/v1/query_range', params),
          ask(servers.builtinUrl, '/api/v1/query_range', params),
        ]);
        expect(real.body.status, `${real.body.error}`).toBe('success');
        problems.push(...differences(real, builtin).map((d) => `range: ${d}`));
      }
      expect(problems).toEqual([]);
    });
  }
});
