// The JSON that jaeger-query's HTTP API (the one the Jaeger UI and Kiali read) returns: model/json in the Jaeger repo,
// wrapped in the structuredResponse envelope of cmd/query/app/http_handler.go.

export type JaegerTagType = 'string' | 'bool' | 'int64' | 'float64' | 'binary';

export interface JaegerTag {
  key: string;
  type: JaegerTagType;
  value: string | boolean | number;
}

export interface JaegerReference {
  refType: 'CHILD_OF' | 'FOLLOWS_FROM';
  traceID: string;
  spanID: string;
}

export interface JaegerLog {
  timestamp: number;
  fields: JaegerTag[];
}

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: JaegerReference[];
  startTime: number; // epoch µs
  duration: number; // µs
  tags: JaegerTag[];
  logs: JaegerLog[];
  processID: string;
  warnings: string[] | null;
  flags: number;
}

export interface JaegerProcess {
  serviceName: string;
  tags: JaegerTag[];
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, JaegerProcess>;
  warnings: string[] | null;
}

export interface JaegerOperation {
  name: string;
  spanKind: string;
}

export interface JaegerError {
  code?: number;
  msg: string;
  /** Set on the "trace not found" entries of a search by traceID. */
  traceID?: string;
}

/** One edge of /api/dependencies (model/json DependencyLink). */
export interface JaegerDependencyLink {
  parent: string;
  child: string;
  callCount: number;
}

export interface JaegerEnvelope<T> {
  data: T;
  total: number;
  limit: number;
  offset: number;
  errors: JaegerError[] | null;
}

/** Jaeger fills `total` for the services and operations lists only; trace searches leave it 0. */
export function jaegerEnvelope<T>(data: T, total = 0): JaegerEnvelope<T> {
  return { data, total, limit: 0, offset: 0, errors: null };
}

export function jaegerErrorEnvelope(code: number, msg: string): JaegerEnvelope<null> {
  return { data: null, total: 0, limit: 0, offset: 0, errors: [{ code, msg }] };
}
