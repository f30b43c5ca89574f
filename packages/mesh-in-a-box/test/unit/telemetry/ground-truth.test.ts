import { describe, expect, it } from 'vitest';
import { GroundTruth } from '../../../src/telemetry/ground-truth.js';
import type { Hop } from '../../../src/traffic/hop.js';
import { attempt, hop, saLogicA, saLogicService, saWebapp, T0_MS } from '../jaeger/sentiment-journey.js';

/** sa-webapp → sa-logic, ending `atMs` after T0 with the given code and latency. */
function call(atMs: number, code: number, durationMs: number): Hop {
  const startMs = T0_MS + atMs - durationMs;
  return hop({
    source: saWebapp,
    service: saLogicService,
    clientSpanId: '1'.padEnd(16, '0'),
    startMs,
    durationMs,
    responseCode: code,
    attempts: [attempt({ destination: saLogicA, serverSpanId: '2'.padEnd(16, '0'), startMs, durationMs })],
  });
}

describe('the ground truth', () => {
  it('counts requests, errors, codes and latency quantiles over a window', () => {
    const truth = new GroundTruth(60);
    for (let i = 0; i < 100; i++) truth.record(call(i * 100, i % 10 === 0 ? 503 : 200, i + 1));
    const [edge] = truth.edgesOver(10_000, T0_MS + 10_000);
    expect(edge).toMatchObject({
      requests: 100,
      errors: 10,
      errorRatio: 0.1,
      rps: 10,
      responseCodes: { '200': 90, '503': 10 },
      destination: { workload: 'sa-logic-v1' },
    });
    expect(edge!.latencyMs).toEqual({ p50: 50.5, p95: 95.05, p99: 99.01, mean: 50.5 });
  });

  it('forgets seconds past its retention, and edges that went quiet', () => {
    const truth = new GroundTruth(60);
    truth.record(call(0, 200, 5));
    truth.record(call(30_000, 500, 5));
    truth.record(call(90_000, 200, 5));
    const window = truth.edgesOver(3_600_000, T0_MS + 91_000);
    expect(window.map((e) => e.responseCodes)).toEqual([{ '200': 1, '500': 1 }]);
    const quiet = new GroundTruth(60);
    quiet.record(call(0, 200, 5));
    quiet.record({ ...call(200_000, 200, 5), source: undefined });
    expect(quiet.edgesOver(3_600_000, T0_MS + 201_000).map((e) => e.source)).toEqual([null]);
  });

  it('counts an edge that went quiet and was forgotten again when its traffic resumes', () => {
    const truth = new GroundTruth(60);
    truth.record(call(0, 200, 5));
    truth.record({ ...call(200_000, 200, 5), source: undefined }); // sweeps the quiet edge away
    truth.record(call(201_000, 503, 5));
    const window = truth.edgesOver(10_000, T0_MS + 202_000).filter((e) => e.source !== null);
    expect(window.map((e) => e.responseCodes)).toEqual([{ '503': 1 }]);
  });

  it('samples the latencies of a busy second uniformly, up to 256 of them', () => {
    const truth = new GroundTruth(60);
    // 2,000 requests in one second: half at 10 ms, then half at 30 ms
    for (let i = 0; i < 2000; i++) truth.record(call(500, 200, i < 1000 ? 10 : 30));
    const [edge] = truth.edgesOver(1_000, T0_MS + 1_000);
    expect(edge!.requests).toBe(2000);
    expect(edge!.latencyMs!.mean).toBe(20);
    // the sample's median would be 10 if only the first 256 were kept
    expect(edge!.latencyMs!.p95).toBe(30);
    expect(edge!.latencyMs!.p50).toBeGreaterThanOrEqual(10);
    expect(edge!.latencyMs!.p50).toBeLessThanOrEqual(30);
    expect(edge!.latencyMs!.p99).toBe(30);
  });
});
