// One error type per outside system. The message tells a person what failed and what to check; the cause is kept.
export type SourceName = 'kubernetes' | 'prometheus' | 'jaeger' | 'envoy';
export type SourceFailure = 'timeout' | 'unreachable' | 'rejected' | 'malformed';

export abstract class SourceError extends Error {
  abstract readonly source: SourceName;
  constructor(
    readonly reason: SourceFailure,
    message: string,
    cause?: unknown,
  ) {
    super(message, { cause });
  }
}

export class KubernetesError extends SourceError {
  readonly source = 'kubernetes' as const;
  override readonly name = 'KubernetesError';
}

export class PrometheusError extends SourceError {
  readonly source = 'prometheus' as const;
  override readonly name = 'PrometheusError';
}

export class JaegerError extends SourceError {
  readonly source = 'jaeger' as const;
  override readonly name = 'JaegerError';
}

export class EnvoyError extends SourceError {
  readonly source = 'envoy' as const;
  override readonly name = 'EnvoyError';
}
