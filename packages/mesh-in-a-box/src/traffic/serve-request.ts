import type { Behaviour, OutboundCall } from './behaviour.js';
import type { Protocol } from './hop.js';
import type { Random } from './random.js';

// How long the FAIL_RANDOMLY mode of the sentiment-analysis logic image sleeps before its slow failures.
const FAIL_RANDOMLY_DELAY_MS = 30_000;

export interface AppOutcome {
  code: number; // HTTP status the app answers (gRPC: 200 with grpcStatus)
  grpcStatus?: number;
  ownMs: number; // time the app spends itself, downstream calls excluded
  responseBytes: number;
  /** Calls to make before answering (skipped when the app fails fast). */
  calls: OutboundCall[];
}

const DEFAULT_BEHAVIOUR: Behaviour = {
  latencyMs: { median: 5, p95: 20 },
  errorRatio: 0,
  calls: [],
  responseBytes: { mean: 512 },
};

/** What the application in `pod` does with one request, before its downstream calls are known. */
export function appOutcome(
  behaviour: Behaviour | undefined,
  request: { path: string; protocol: Protocol },
  random: Random,
): AppOutcome {
  const b = behaviour ?? DEFAULT_BEHAVIOUR;
  const responseBytes = Math.max(0, Math.round(b.responseBytes.mean * (0.5 + random.next())));
  const calls = b.calls.filter(
    (c) => (!c.whenPathPrefix || request.path.startsWith(c.whenPathPrefix)) && random.next() < (c.probability ?? 1),
  );
  const fail = (ownMs: number): AppOutcome =>
    request.protocol === 'grpc'
      ? { code: 200, grpcStatus: 13, ownMs, responseBytes: 0, calls: [] }
      : { code: 500, ownMs, responseBytes: 0, calls: [] };
  if (b.failRandomly) {
    const r = random.next();
    if (r < 1 / 3) return fail(random.logNormal(1, 3));
    if (r < 2 / 3) return fail(FAIL_RANDOMLY_DELAY_MS + random.logNormal(1, 3));
  }
  if (b.errorRatio > 0 && random.next() < b.errorRatio)
    return fail(random.logNormal(b.latencyMs.median / 2, b.latencyMs.p95 / 2));
  const ownMs = random.logNormal(b.latencyMs.median, b.latencyMs.p95);
  if (request.protocol === 'grpc') return { code: 200, grpcStatus: 0, ownMs, responseBytes, calls };
  return { code: 200, ownMs, responseBytes, calls };
}
