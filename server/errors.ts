// Every error the console throws on purpose, in one place: server/http.ts maps each to its HTTP answer. A message is
// written for a person: what failed and what to change or check; the cause is kept.

/** A request that is well-formed but asks for something that cannot be answered; the message says what to change. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** Something the user asked for by name does not exist; the message names it ("namespace shop does not exist"). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/**
 * A request the console will not carry out, though well-formed: no valid login (401), an Envoy admin path outside the read-only allow-list
 * (403), a method other than GET (405), a pod that runs no sidecar to ask (409), a traffic change whose checks found an
 * error (422). `code` is what the UI recognises.
 */
export class RefusedError extends Error {
  override readonly name = 'RefusedError';
  constructor(
    readonly status: 401 | 403 | 405 | 409 | 413 | 422,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A request refused because its client or person made too many of its kind lately (429, RFC 6585 §4): the message
 * names what was limited and when to retry, and Retry-After says it in seconds.
 */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** The configuration is wrong; the message names the setting and says what it should be. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

// One error type per outside system.
export type SourceName = 'kubernetes' | 'prometheus' | 'jaeger' | 'tempo' | 'envoy';
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

export class TempoError extends SourceError {
  readonly source = 'tempo' as const;
  override readonly name = 'TempoError';
}

export class EnvoyError extends SourceError {
  readonly source = 'envoy' as const;
  override readonly name = 'EnvoyError';
}
