import { ObjectStore } from '../server/demo/store/object-store.js';
import { startControllers } from '../server/demo/controllers/index.js';
import { loadScenario } from '../server/demo/scenarios/index.js';
import { applyObject } from '../server/demo/mesh-in-a-box.js';
import { TrafficModel } from '../server/demo/traffic/traffic-model.js';
import { IstioMetrics } from '../server/demo/telemetry/istio-metrics.js';
import { GroundTruth } from '../server/demo/telemetry/ground-truth.js';
import { AccessLogBook } from '../server/demo/telemetry/access-log-book.js';
import { TraceStore } from '../server/demo/jaeger/index.js';
const which = process.argv[2] ?? 'none';
const scenario = loadScenario('synthetic', { workloads: 2000, namespaces: 20, seed: 1 });
const store = new ObjectStore();
const c = startControllers(store);
for (const o of scenario.objects) applyObject(store, o);
await new Promise((r) => setTimeout(r, 100));
c.flush();
const metrics = new IstioMetrics(),
  truth = new GroundTruth(120),
  logs = new AccessLogBook(),
  traces = new TraceStore({ samplingRatio: 0.01 });
const sinks = {
  none: [],
  metrics: [(h: any) => metrics.record(h)],
  truth: [(h: any) => truth.record(h)],
  logs: [(h: any) => logs.record(h, 'TEXT')],
  traces: [(h: any) => traces.record(h)],
} as any;
const base = Date.now();
const model = new TrafficModel({ store, scenario, sinks: sinks[which], seed: 1, nowMs: base });
model.tick(base + 1000);
const t = performance.now();
for (let i = 2; i <= 16; i++) model.tick(base + i * 1000);
const ms = performance.now() - t;
console.log(
  which,
  'per tick',
  (ms / 15).toFixed(1),
  'us/hop',
  ((ms * 1000) / model.hopsEmitted).toFixed(1),
  'hops',
  model.hopsEmitted,
);
process.exit(0);
