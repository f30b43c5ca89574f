// One number for the labels of an Istio metrics series that its peers and service do not fix, so that a request finds
// its series (istio-metrics.ts) by hashing a number instead of building and hashing a string of those labels.
import type { Protocol } from '../traffic/hop.js';

const PROTOCOL_NUMBER: Record<Protocol, number> = { http: 0, grpc: 1, tcp: 2 };
const flagNumbers = new Map<string, number>();

/**
 * The reporter side (which, with mTLS, also fixes connection_security_policy), the protocol, the response code
 * (three digits, RFC 9110 §15), the gRPC status (0–16 by the gRPC spec; room up to 99, or none) and the response
 * flags (a small number per distinct value), as one number. Positional, not an object: it runs for every request,
 * and an object a call is what this replaces.
 */
export function seriesKey(
  reporter: 'source' | 'destination',
  protocol: Protocol,
  code: number,
  grpcStatus: number | undefined,
  flags: string,
  mtls: boolean,
): number {
  let flagNumber = flagNumbers.get(flags);
  if (flagNumber === undefined) flagNumbers.set(flags, (flagNumber = flagNumbers.size));
  const grpc = grpcStatus === undefined ? 100 : grpcStatus;
  const side = reporter === 'source' ? 0 : 1;
  return ((((flagNumber * 1000 + code) * 101 + grpc) * 3 + PROTOCOL_NUMBER[protocol]) * 2 + side) * 2 + (mtls ? 1 : 0);
}
