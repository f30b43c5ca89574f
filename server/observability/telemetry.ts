// The console's own telemetry: Prometheus metrics on GET /metrics and OpenTelemetry spans. Spans go through
// @opentelemetry/api only, so they cost nothing unless the process registers an SDK.
import { ROOT_CONTEXT, SpanStatusCode, context, trace, type Span } from '@opentelemetry/api';
import { Histogram, Registry, collectDefaultMetrics, Counter } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'sextant_' });

export const routeDuration = new Histogram({
  name: 'sextant_http_request_duration_seconds',
  help: 'Time to answer an API request, by route pattern and HTTP status.',
  labelNames: ['route', 'method', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

export const sourceDuration = new Histogram({
  name: 'sextant_source_request_duration_seconds',
  help: 'Time of each call to an outside system, by source, operation and outcome (ok or the failure reason).',
  labelNames: ['source', 'operation', 'outcome'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

export const sourceErrors = new Counter({
  name: 'sextant_source_errors_total',
  help: 'Failed calls to an outside system, by source, operation and reason.',
  labelNames: ['source', 'operation', 'reason'] as const,
  registers: [registry],
});

export const informerRestarts = new Counter({
  name: 'sextant_informer_restarts_total',
  help: 'Kubernetes watch caches restarted after an error, by resource.',
  labelNames: ['resource'] as const,
  registers: [registry],
});

export const tracer = trace.getTracer('sextant');

/**
 * Runs fn outside any request's span: for work a request starts but that outlives it (the watch caches, the canary
 * runner), whose later calls would otherwise join that one request's trace for as long as the process runs
 * (the SDK's context follows every async continuation, timers and watch restarts included).
 */
export function detached<T>(fn: () => T): T {
  return context.with(ROOT_CONTEXT, fn);
}

/** Runs fn inside an active span named `name`; records the exception and the error status when it throws. */
export function inSpan<T>(
  name: string,
  attributes: Record<string, string>,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}
