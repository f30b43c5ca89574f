// The Jaeger side of the mesh in a box: what the mesh's wiring needs, in one import.
export { startJaegerApi, type JaegerApi, type JaegerApiOptions } from './start-jaeger-api.js';
export { TraceStore, type TraceQuery, type TraceStoreOptions } from './trace-store.js';
export type { JaegerDependencyLink, JaegerEnvelope, JaegerSpan, JaegerTag, JaegerTrace } from './jaeger-json.js';
