// The Traces tab's filters pushed into Tempo's search as TraceQL (`/api/search?q=`, grafana.com/docs/tempo/latest/
// api_docs "Parameters for TraceQL Search"), so that Tempo's limit counts only matching traces. Before, the operation
// and the error status were filtered by the console after Tempo's limit, and a search could show fewer matches than
// exist. Served here by a stand-in Tempo answering the real search and trace answers (../shared/fixtures/wire:
// tempo-search.json, tempo-trace-otlp.json, from kiali/kiali's tracing test data).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../../server/errors.js';
import { createTempoSource } from '../../../../server/sources/tempo.js';
import { traceBackend } from '../../../../server/traces/io/trace-backend.js';
import { traceQlOf } from '../../../../server/traces/tempo-traceql.js';
import { WIRE } from '../../../helpers/fixtures.js';

const searchAnswer = readFileSync(`${WIRE}/tempo-search.json`, 'utf8');
const traceAnswer = readFileSync(`${WIRE}/tempo-trace-otlp.json`, 'utf8');
// The one trace of the search answer; the OTLP answer is that request's trace (another id in Kiali's data).
const SEARCHED_ID = '100cb753c787ed5657c8d88dafc176ed';

describe('the TraceQL of a trace search', () => {
  it('puts the service, operation, error status, tags and durations in one span selector, as Jaeger matches one span', () => {
    expect(
      traceQlOf({
        service: 'sa-logic.demo',
        operation: 'sa-logic.demo.svc.cluster.local:80/*',
        tags: { error: 'true', 'http.status_code': '503', response_flags: 'UF' },
        minDuration: '100ms',
        maxDuration: '1.5s',
      }),
    ).toBe(
      '{ resource.service.name = "sa-logic.demo" && name = "sa-logic.demo.svc.cluster.local:80/*" && status = error' +
        ' && span.http.status_code = "503" && span.response_flags = "UF"' +
        ' && duration >= 100000000ns && duration <= 1500000000ns }',
    );
  });

  it('asks for spans that did not fail with error=false', () => {
    expect(traceQlOf({ service: 's', tags: { error: 'false' } })).toBe(
      '{ resource.service.name = "s" && status != error }',
    );
  });

  it("quotes an attribute name TraceQL cannot read bare (Istio's guid:x-request-id) and escapes quotes in values", () => {
    expect(traceQlOf({ service: 's', tags: { 'guid:x-request-id': 'a"b\\c' } })).toBe(
      '{ resource.service.name = "s" && span."guid:x-request-id" = "a\\"b\\\\c" }',
    );
  });

  it('names the parameter when a duration is not a Go duration', () => {
    expect(() => traceQlOf({ service: 's', minDuration: '10 seconds' })).toThrow(InputError);
    expect(() => traceQlOf({ service: 's', maxDuration: 'soon' })).toThrow(/^maxDuration: /);
  });
});

describe('searching Tempo with TraceQL', () => {
  let server: Server;
  let url: string;
  const asked: URL[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      const at = new URL(req.url ?? '/', 'http://tempo');
      asked.push(at);
      res.setHeader('content-type', 'application/json');
      if (at.pathname === '/api/search') res.end(searchAnswer);
      else if (at.pathname === `/api/traces/${SEARCHED_ID}`) res.end(traceAnswer);
      else res.writeHead(404).end('trace not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the operation and the error status in q (not tags), then reads each trace the search answered', async () => {
    const tempo = createTempoSource({ url, timeoutMs: 5_000 });
    const traces = await traceBackend({ tempo, jaeger: null }).find({
      service: 'productpage.bookinfo',
      operation: 'productpage.bookinfo.svc.cluster.local:9080/productpage',
      tags: { error: 'true' },
      startUs: 1_701_778_000_000_000,
      endUs: 1_701_779_000_000_000,
      limit: 20,
    });
    const search = asked.find((u) => u.pathname === '/api/search')!;
    expect(search.searchParams.get('q')).toBe(
      '{ resource.service.name = "productpage.bookinfo" && name = "productpage.bookinfo.svc.cluster.local:9080/productpage" && status = error }',
    );
    expect(search.searchParams.has('tags')).toBe(false);
    expect(Object.fromEntries(search.searchParams)).toMatchObject({
      start: '1701778000',
      end: '1701779000',
      limit: '20',
    });
    expect(asked.map((u) => u.pathname)).toContain(`/api/traces/${SEARCHED_ID}`);
    expect(traces).toHaveLength(1);
    expect(traces[0]!.spans.length).toBeGreaterThan(0);
  });
});
