import { SourceError, type SourceName } from '../errors.js';
import { inSpan, sourceDuration, sourceErrors } from './telemetry.js';

/** Times one call to an outside system, counts its failures by reason, and wraps it in a span. */
export function timedSourceCall<T>(source: SourceName, operation: string, fn: () => Promise<T>): Promise<T> {
  const end = sourceDuration.startTimer({ source, operation });
  return inSpan(`${source} ${operation}`, { 'sextant.source': source, 'sextant.operation': operation }, fn).then(
    (value) => {
      end({ outcome: 'ok' });
      return value;
    },
    (err: unknown) => {
      const reason = err instanceof SourceError ? err.reason : isAbort(err) ? 'cancelled' : 'error';
      end({ outcome: reason });
      sourceErrors.inc({ source, operation, reason });
      throw err;
    },
  );
}

export function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}
