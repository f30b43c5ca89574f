import { describe, expect, it } from 'vitest';
import { DEFAULT_TOLERANCES } from '../../../../server/config.js';
import {
  compileTolerances,
  computeHealth,
  normaliseCode,
  requestStatus,
  tolerancesFromAnnotation,
  workloadStatus,
  type CodeRate,
} from '../../../../server/mesh/health.js';

const kiali = compileTolerances(DEFAULT_TOLERANCES);
const http = (code: string, rps: number): CodeRate => ({ protocol: 'http', code, rps });
const grpc = (code: string, rps: number): CodeRate => ({ protocol: 'grpc', code, rps });
const inbound = (...rates: CodeRate[]) => requestStatus({ inbound: rates, outbound: [] }, kiali);
const outbound = (...rates: CodeRate[]) => requestStatus({ inbound: [], outbound: rates }, kiali);

describe("Kiali's workload status from replicas", () => {
  it('is Healthy when every desired pod is ready', () => {
    expect(workloadStatus({ desired: 2, current: 2, available: 2 })).toBe('Healthy');
  });
  it('is Not Ready when scaled to zero', () => {
    expect(workloadStatus({ desired: 0, current: 0, available: 0 })).toBe('Not Ready');
  });
  it('is Degraded when some but not all desired pods are ready', () => {
    expect(workloadStatus({ desired: 2, current: 2, available: 1 })).toBe('Degraded');
    expect(workloadStatus({ desired: 3, current: 2, available: 2 })).toBe('Degraded');
  });
  it('is Failure when no desired pod is ready', () => {
    expect(workloadStatus({ desired: 2, current: 2, available: 0 })).toBe('Failure');
  });
  it('is Failure when the desired pods are ready but more pods are pending', () => {
    expect(workloadStatus({ desired: 2, current: 3, available: 2 })).toBe('Failure');
  });
  it('is Degraded when fewer proxies than desired pods have synced', () => {
    expect(workloadStatus({ desired: 2, current: 2, available: 2, syncedProxies: 1 })).toBe('Degraded');
  });
});

describe("request status with Kiali's default tolerances", () => {
  it('is Degraded by any share of 5xx, even 0.05 %', () => {
    expect(inbound(http('200', 1999), http('503', 1))).toBe('Degraded');
  });
  it('is Failure from 10 % of 5xx, Degraded just below', () => {
    expect(inbound(http('200', 90), http('500', 10))).toBe('Failure');
    expect(inbound(http('200', 90.1), http('500', 9.9))).toBe('Degraded');
  });
  it('tolerates 4xx below 10 %, is Degraded from 10 % and Failure from 20 %', () => {
    expect(inbound(http('200', 90.1), http('404', 9.9))).toBe('Healthy');
    expect(inbound(http('200', 90), http('404', 10))).toBe('Degraded');
    expect(inbound(http('200', 80), http('403', 20))).toBe('Failure');
  });
  it('counts no response ("-") like 5xx: any share Degraded, 10 % Failure', () => {
    expect(inbound(http('200', 99), http('-', 1))).toBe('Degraded');
    expect(inbound(http('200', 9), http('-', 1))).toBe('Failure');
  });
  it('judges gRPC by its status: OK is healthy, UNAVAILABLE Degraded at 5 % and Failure at 10 %', () => {
    expect(inbound(grpc('0', 100))).toBe('Healthy');
    expect(inbound(grpc('0', 95), grpc('14', 5))).toBe('Degraded');
    expect(inbound(grpc('0', 90), grpc('14', 10))).toBe('Failure');
  });
  it('judges each protocol against its own total', () => {
    // 10 gRPC failures out of 10 gRPC requests fail the workload, however much healthy HTTP it serves.
    expect(inbound(http('200', 1000), grpc('2', 10))).toBe('Failure');
  });
  it('includes outbound errors', () => {
    expect(outbound(http('200', 80), http('503', 20))).toBe('Failure');
  });
  it('is NA without traffic', () => {
    expect(inbound()).toBe('NA');
  });
  it('without tolerances falls back to the 4xx+5xx share: Degraded from 0.1 %, Failure from 10 %', () => {
    const none = compileTolerances([]);
    const fallback = (...rates: CodeRate[]) => requestStatus({ inbound: rates, outbound: [] }, none);
    expect(fallback(http('200', 999.5), http('500', 0.5))).toBe('Healthy');
    expect(fallback(http('200', 999), http('404', 1))).toBe('Degraded');
    expect(fallback(http('200', 9), http('500', 1))).toBe('Failure');
  });
});

describe('the code of a sample', () => {
  it('reads response_code 0 as no response', () => {
    expect(normaliseCode('http', '0', '')).toBe('-');
  });
  it('reads the gRPC status for gRPC, so gRPC OK is not mistaken for "no response"', () => {
    expect(normaliseCode('grpc', '200', '0')).toBe('0');
    expect(normaliseCode('grpc', '200', '14')).toBe('14');
  });
  it('keeps the HTTP code of a gRPC request that carries no gRPC status', () => {
    expect(normaliseCode('grpc', '503', '')).toBe('503');
  });
});

describe('health of one entity', () => {
  it('is the worst of pods and requests', () => {
    const health = computeHealth({
      traffic: { inbound: [http('200', 9), http('500', 1)], outbound: [] },
      replicas: [{ desired: 2, current: 2, available: 2 }],
      tolerances: kiali,
    });
    expect(health.status).toBe('Failure');
    expect(health.pods).toEqual({ ready: 2, desired: 2 });
    expect(health.requests).toEqual({ rps: 10, errorRatio: 0.1, http4xxRatio: 0 });
  });
  it('is Healthy from pods alone when there is no traffic, with requests null', () => {
    const health = computeHealth({
      traffic: { inbound: [], outbound: [] },
      replicas: [{ desired: 1, current: 1, available: 1 }],
      tolerances: kiali,
    });
    expect(health).toEqual({ status: 'Healthy', pods: { ready: 1, desired: 1 }, requests: null });
  });
  it('is NA for a service without traffic', () => {
    expect(computeHealth({ traffic: { inbound: [], outbound: [] }, replicas: [], tolerances: kiali }).status).toBe(
      'NA',
    );
  });
  it('reflects pods only, and says why, when metrics are unavailable', () => {
    const health = computeHealth({
      traffic: null,
      replicas: [{ desired: 2, current: 2, available: 1 }],
      tolerances: kiali,
      metricsError: 'Prometheus at http://x did not answer in 5 s (PROMETHEUS_URL)',
    });
    expect(health.status).toBe('Degraded');
    expect(health.requests).toBeNull();
    expect(health.metricsError).toContain('did not answer');
  });
  it('counts 5xx, no response and gRPC errors in errorRatio, and 4xx apart', () => {
    const health = computeHealth({
      traffic: { inbound: [http('200', 5), http('503', 1), http('-', 1), http('404', 2)], outbound: [grpc('14', 1)] },
      replicas: [],
      tolerances: kiali,
    });
    expect(health.requests).toEqual({ rps: 10, errorRatio: 0.3, http4xxRatio: 0.2 });
  });
});

describe("Kiali's health.kiali.io/rate annotation", () => {
  it('replaces the tolerances for that object', () => {
    const lenient = tolerancesFromAnnotation('5XX,20,50,http,inbound')!;
    expect(requestStatus({ inbound: [http('200', 90), http('500', 10)], outbound: [] }, lenient)).toBe('Healthy');
    expect(requestStatus({ inbound: [http('200', 75), http('500', 25)], outbound: [] }, lenient)).toBe('Degraded');
    // The rule names inbound only: outbound errors no longer count.
    expect(requestStatus({ inbound: [], outbound: [http('500', 10)] }, lenient)).toBe('NA');
  });

  it('reads several rules and ignores an unreadable annotation', () => {
    expect(tolerancesFromAnnotation('5XX,1,5;4XX,30,50,http,.*')).toHaveLength(2);
    expect(tolerancesFromAnnotation('5XX,lots,5')).toBeNull();
    expect(tolerancesFromAnnotation(undefined)).toBeNull();
  });
});
