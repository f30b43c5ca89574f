import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelemetryApi } from '../../src/telemetry-api.js';
import { GroundTruth } from '../../src/telemetry/ground-truth.js';
import { IstioMetrics } from '../../src/telemetry/istio-metrics.js';
import type { TrafficModel } from '../../src/traffic/traffic-model.js';
import { attempt, hop, saLogicService, workload } from './jaeger/sentiment-journey.js';

// Enough proxies for an exposition of several 4 MB chunks, so that a chunk's buffer is reused while it is served.
const metrics = new IstioMetrics();
for (let i = 0; i < 150; i++) {
  const caller = workload({ workload: `caller-${i}`, app: `caller-${i}`, pod: `caller-${i}-0`, podIp: `10.1.0.${i}` });
  const callee = workload({ workload: `callee-${i}`, app: `callee-${i}`, pod: `callee-${i}-0`, podIp: `10.2.0.${i}` });
  for (const code of [200, 503]) {
    metrics.record(
      hop({
        service: saLogicService,
        clientSpanId: `${i}`.padStart(16, '0'),
        source: caller,
        responseCode: code,
        attempts: [attempt({ destination: callee, serverSpanId: `${i}`.padStart(16, '1'), responseCode: code })],
      }),
    );
  }
}
const unused = () => {
  throw new Error('not used by /metrics');
};

let url: string;
let close: () => void;
beforeAll(async () => {
  const api = await startTelemetryApi({
    host: '127.0.0.1',
    port: 0,
    metrics,
    truth: new GroundTruth(),
    traffic: unused as () => TrafficModel,
    faults: {
      kubernetes: {
        failNext: unused,
        forbid: unused,
        dropWatches: unused,
        setLatencyMs: unused,
        clearFailures: unused,
      },
      jaeger: { setDown: unused },
    },
  });
  url = `${api.url}/metrics`;
  close = () => api.server.close();
});
afterAll(() => close());

/** The body of GET /metrics, read slowly when `pauseMs` is given (a slow scraper: the socket fills and waits). */
function scrape(pauseMs = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        parts.push(chunk);
        if (pauseMs > 0 && parts.length % 8 === 0) {
          res.pause();
          setTimeout(() => res.resume(), pauseMs);
        }
      });
      res.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
      res.on('error', reject);
    }).on('error', reject);
  });
}

describe('GET /metrics', () => {
  it('serves the whole exposition, byte for byte, to slow and fast scrapers at once', async () => {
    const expected = metrics.render();
    expect(Buffer.byteLength(expected)).toBeGreaterThan(3 * 4 * 2 ** 20);
    const [slow, fast, again] = await Promise.all([scrape(5), scrape(), scrape()]);
    expect(fast).toBe(expected);
    expect(slow).toBe(expected);
    expect(again).toBe(expected);
    expect(await scrape()).toBe(expected);
  });
});
