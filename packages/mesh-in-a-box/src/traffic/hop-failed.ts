import type { Hop } from './hop.js';

/**
 * Whether the caller got a failure: an HTTP 5xx or no response at all (code 0), a gRPC status other than OK, or a
 * TCP connection that Envoy flagged (UF, UH, ...) or that was refused or reset.
 */
export function hopFailed(hop: Hop): boolean {
  if (hop.protocol === 'tcp') {
    return hop.responseFlags !== '-' || (hop.attempts.length === 0 && hop.responseCodeDetails !== 'via_upstream');
  }
  if (hop.responseCode === 0 || hop.responseCode >= 500) return true;
  return hop.protocol === 'grpc' && (hop.grpcStatus ?? 0) !== 0;
}
