// The one door to traces: Tempo's own API when TEMPO_URL is set (a TraceQL search, then each trace by id, as
// grafana.com/docs/tempo/latest/api_docs describes /api/search?q= and /api/traces/{id}), else Jaeger's; neither set is
// a failure the Traces tab shows, naming both settings.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../server/config.js';
import { JaegerError } from '../../../../server/errors.js';
import type { JaegerSource } from '../../../../server/sources/jaeger.js';
import { type TempoSearch, type TempoSource } from '../../../../server/sources/tempo.js';
import { traceBackend } from '../../../../server/traces/io/trace-backend.js';
import { WIRE } from '../../../helpers/fixtures.js';

const otlp = JSON.parse(readFileSync(`${WIRE}/tempo-trace-otlp.json`, 'utf8')) as unknown;

function fakeTempo() {
  const searches: TempoSearch[] = [];
  const fetched: string[] = [];
  const tempo: TempoSource = {
    url: 'http://tempo:3200',
    async search(search) {
      searches.push(search);
      return {
        traces: [{ traceID: '3ba55609c3cde49649cd77d1f9dcd936' }, { traceID: '00000000000000000000000000000bad' }],
      };
    },
    async trace(id) {
      fetched.push(id);
      return id === '3ba55609c3cde49649cd77d1f9dcd936' ? otlp : null;
    },
  };
  return { tempo, searches, fetched };
}

describe('the trace backend', () => {
  it('asks Tempo when it is configured: one search by service, then each trace, dropping those gone since', async () => {
    const { tempo, searches, fetched } = fakeTempo();
    const jaeger = {
      findTraces: () => Promise.reject(new Error('Jaeger must not be asked')),
    } as unknown as JaegerSource;
    const traces = await traceBackend({ tempo, jaeger }).find({
      service: 'productpage.bookinfo',
      startUs: 1_701_779_000_000_000,
      endUs: 1_701_780_000_000_000,
      limit: 20,
      operation: 'productpage.bookinfo.svc.cluster.local:9080/productpage',
    });
    expect(searches[0]).toMatchObject({
      query:
        '{ resource.service.name = "productpage.bookinfo" && name = "productpage.bookinfo.svc.cluster.local:9080/productpage" }',
      startSeconds: 1_701_779_000,
      endSeconds: 1_701_780_000,
      limit: 20,
    });
    expect(fetched).toEqual(['3ba55609c3cde49649cd77d1f9dcd936', '00000000000000000000000000000bad']);
    expect(traces.map((t) => t.traceId)).toEqual(['3ba55609c3cde49649cd77d1f9dcd936']);
    expect(traces[0]!.spans).toHaveLength(8);
  });

  it('asks Jaeger in whole milliseconds (µs on the wire must stay integers)', async () => {
    const asked: unknown[] = [];
    const jaeger = {
      findTraces: async (search: unknown) => {
        asked.push(search);
        return [];
      },
    } as unknown as JaegerSource;
    await traceBackend({ tempo: null, jaeger }).find({
      service: 's',
      startUs: 1_500_000_001_234_567,
      endUs: 1_500_000_002_000_001,
      limit: 5,
    });
    expect(asked[0]).toMatchObject({ startMs: 1_500_000_001_234, endMs: 1_500_000_002_001 });
  });

  it('fails with a tracing error naming both settings when neither is set', async () => {
    const backend = traceBackend({ tempo: null, jaeger: null });
    await expect(backend.get('abc')).rejects.toThrow(JaegerError);
    await expect(backend.get('abc')).rejects.toThrow(/set JAEGER_URL or TEMPO_URL/);
  });

  it('reads TEMPO_URL and TEMPO_TIMEOUT_MS, and names TEMPO_URL when it is not a URL', () => {
    const config = loadConfig(
      { KUBECONFIG: '/tmp/kc', TEMPO_URL: 'http://tempo:3200', TEMPO_TIMEOUT_MS: '5000' },
      false,
    );
    expect(config.tempo).toEqual({ url: 'http://tempo:3200', timeoutMs: 5000 });
    expect(loadConfig({ KUBECONFIG: '/tmp/kc' }, false).tempo).toBeNull();
    expect(() => loadConfig({ KUBECONFIG: '/tmp/kc', TEMPO_URL: 'tempo:3200' }, false)).toThrow(/TEMPO_URL/);
  });
});
