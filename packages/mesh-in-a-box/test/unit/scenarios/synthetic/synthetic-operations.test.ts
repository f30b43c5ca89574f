// The synthetic scenario's Telemetry manifest: applied to the mesh, the servers' metrics carry each gRPC method.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../../src/scenarios/index.js';
import { readManifests } from '../../../../src/scenarios/read-manifests.js';
import { IstioMetrics } from '../../../../src/telemetry/istio-metrics.js';
import { TrafficModel } from '../../../../src/traffic/traffic-model.js';
import { meshUnderTest } from '../mesh-under-test.js';

function runSynthetic(withTelemetry: boolean) {
  const scenario = loadScenario('synthetic', { workloads: 80, namespaces: 6, seed: 3 });
  const { store, apply } = meshUnderTest();
  apply(...scenario.objects);
  if (withTelemetry) apply(...readManifests('synthetic/telemetry'));
  const metrics = new IstioMetrics();
  const start = 1_700_000_000_000;
  const model = new TrafficModel({ store, scenario, sinks: [(h) => metrics.record(h)], seed: 1, nowMs: start });
  for (let s = 1; s <= 20; s++) model.tick(start + s * 1000);
  model.flush(start + 120_000);
  return metrics.render().split('\n');
}

const requestLines = (lines: string[]) => lines.filter((l) => l.startsWith('istio_requests_total{'));
const label = (line: string, name: string) => new RegExp(`[{,]${name}="([^"]*)"`).exec(line)?.[1];

describe('the synthetic Telemetry manifest', () => {
  const tagged = requestLines(runSynthetic(true));

  it("tags the servers' gRPC requests with their method, and leaves the callers' series alone", () => {
    const grpcServer = tagged.filter(
      (l) => label(l, 'request_protocol') === 'grpc' && label(l, 'reporter') === 'destination',
    );
    expect(grpcServer.length).toBeGreaterThan(0);
    for (const line of grpcServer) {
      const service = label(line, 'destination_service_name')!;
      // 'cart-api' answers /synthetic.CartApi/<Method>
      const stub = service.replace(/(^|-)(\w)/g, (_, _d, c: string) => c.toUpperCase());
      expect(label(line, 'request_operation')).toMatch(
        new RegExp(`^/synthetic\\.${stub}/(Get|List|Create|Update|Check)$`),
      );
    }
    expect(tagged.filter((l) => label(l, 'reporter') === 'source').every((l) => !l.includes('request_operation'))).toBe(
      true,
    );
  });

  it('adds a label, not series', () => {
    const plain = requestLines(runSynthetic(false));
    expect(plain.some((l) => l.includes('request_operation'))).toBe(false);
    expect(tagged).toHaveLength(plain.length);
  });
});
