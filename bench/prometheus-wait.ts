// How long a bench's requests wait for Prometheus: the time any query is in flight, so a figure splits into the
// source's share and the console's own. Wraps the source's query methods in place.
import type { PrometheusSource } from '../server/sources/prometheus.js';

export interface PrometheusWait {
  /** Milliseconds with a query in flight since the last reset. */
  readonly ms: number;
  reset(): void;
}

export function timePrometheusWaits(prometheus: PrometheusSource): PrometheusWait {
  let waitingMs = 0;
  let inFlight = 0;
  let since = 0;
  const timed =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (inFlight++ === 0) since = performance.now();
      try {
        return await call(...args);
      } finally {
        if (--inFlight === 0) waitingMs += performance.now() - since;
      }
    };
  prometheus.instant = timed(prometheus.instant.bind(prometheus));
  prometheus.range = timed(prometheus.range.bind(prometheus));
  return {
    get ms() {
      return waitingMs;
    },
    reset() {
      waitingMs = 0;
    },
  };
}
