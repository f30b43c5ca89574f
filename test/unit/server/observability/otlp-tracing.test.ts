// The SDK as the console registers it (instrumentation.ts → startOtlpTracing), exporting to a receiver on this machine
// that speaks OTLP/HTTP: a source call's span is the child of its route's, and a refused export reaches the log.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startOtlpTracing } from '../../../../server/observability/otlp.js';
import { timedSourceCall } from '../../../../server/observability/source-call.js';
import { inSpan } from '../../../../server/observability/telemetry.js';

interface Span {
  name: string;
  spanId: string;
  parentSpanId?: string;
}
const spans: Span[] = [];
let answerStatus = 200;
let server: http.Server;
let stop: (() => Promise<void>) | null = null;
let stderr: ReturnType<typeof vi.spyOn>;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (answerStatus === 200) {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as {
          resourceSpans: { scopeSpans: { spans: Span[] }[] }[];
        };
        for (const r of body.resourceSpans) for (const s of r.scopeSpans) spans.push(...s.spans);
      }
      res.writeHead(answerStatus, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as { port: number };
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  stop = await startOtlpTracing({
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
    OTEL_BSP_SCHEDULE_DELAY: '50',
  });
});

afterAll(async () => {
  await stop?.();
  stderr.mockRestore();
  await new Promise<void>((done) => server.close(() => done()));
});

async function until<T>(probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('waited 5 s');
}

describe('spans exported over OTLP/HTTP', () => {
  it("make a source call the child of its route's span", async () => {
    expect(stop).not.toBeNull();
    await inSpan('GET /api/graph', { 'http.route': '/api/graph' }, () =>
      timedSourceCall('prometheus', 'instant', async () => 1),
    );
    const route = await until(() => spans.find((s) => s.name === 'GET /api/graph'));
    const child = await until(() => spans.find((s) => s.name === 'prometheus instant'));
    expect(child.parentSpanId).toBe(route.spanId);
  });

  it('tell the log, as a JSON warning, when the collector refuses them', async () => {
    answerStatus = 400;
    await inSpan('GET /api/namespaces', {}, async () => undefined);
    const warning = await until(() =>
      (stderr.mock.calls as unknown[][])
        .map((call) => JSON.parse(String(call[0])) as { level: string; msg: string; err?: { code?: string } })
        .find((line) => line.msg.startsWith('OpenTelemetry:')),
    );
    expect(warning).toMatchObject({ level: 'warn', msg: 'OpenTelemetry: Bad Request', err: { code: '400' } });
  });
});
