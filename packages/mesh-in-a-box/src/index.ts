// The mesh in a box's public entry: everything outside this package (the console's tests, benches and demo launcher)
// imports from here and nothing else. Start the mesh in this process or as its own, a real or recorded Prometheus
// beside it, and read the wire types its truth, Kubernetes and Jaeger APIs answer with.
export { startMeshInBox, applyObject, type MeshInABox, type MeshOptions } from './mesh-in-a-box.js';
export { startMeshChild, MESH_ENV, MESH_NODE_FLAGS, type MeshChild } from './run-mesh.js';
export { startMeshWithPrometheus, type MeshWithPrometheus } from './mesh-with-prometheus.js';
export { kubectl } from './kubectl.js';
export { stopChild } from './child-lines.js';
export { freePort } from './free-port.js';
export {
  findPrometheus,
  instantQuery,
  type InstantVector,
  PROMETHEUS_BIN,
  scalar,
  startRealPrometheus,
  type RealPrometheus,
  type ScrapeTarget,
} from './prometheus/real-prometheus.js';
export { startRecordedPrometheus, type RecordedPrometheus } from './prometheus/recorded-prometheus.js';
export { intervalFor as scrapeIntervalFor } from './prometheus/scrape-loop.js';
export { SCENARIO_NAMES, type ScenarioName } from './scenarios/index.js';

// Wire types and facts, as the mesh's APIs answer.
export type { TruthEdge, TruthEndpoint } from './telemetry/ground-truth.js';
export { ISTIO_BUCKETS } from './telemetry/istio-metrics.js';
export type { KubeObject, ObjectMeta } from './store/kube-object.js';
export { DEFAULT_ADMIN_TOKEN } from './kube/auth/kube-auth.js';
export type { OidcOptions } from './kube/auth/oidc-authenticator.js';
export { GR } from './store/resource-types.js';
export type { JaegerEnvelope, JaegerSpan, JaegerTrace } from './jaeger/jaeger-json.js';
export type { PodLogEntry } from './kube/kube-api-hooks.js';
export type { Identity, JwksOf, PublicJwks } from './identity/index.js';
