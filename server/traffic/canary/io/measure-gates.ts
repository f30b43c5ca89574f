// A step's measurements: the core's (at most two) instant queries through the console's Prometheus source, in
// parallel, judged by the core. A failure of Prometheus is never a pass or a fail: the step holds, and its reason is
// the source's own sentence (which names the URL and what to check).
import type { CanarySpec } from '../../../../lib/api/canary.js';
import { PrometheusError } from '../../../errors.js';
import type { PrometheusSource } from '../../../sources/prometheus.js';
import { evaluateGates, type GateOutcome } from '../evaluate-gates.js';
import { gateQueries } from '../gate-queries.js';
import { measurementsFrom } from '../measurements.js';

export type Measured = GateOutcome | { unavailable: string };

export const PROMETHEUS_NOT_SET =
  'Prometheus is not configured (set PROMETHEUS_URL): the canary cannot measure its gates, so it holds';

export async function measureGates(
  prometheus: PrometheusSource | null,
  service: { namespace: string; name: string },
  spec: CanarySpec,
  signal?: AbortSignal,
): Promise<Measured> {
  if (!prometheus) return { unavailable: PROMETHEUS_NOT_SET };
  const queries = gateQueries(service, spec);
  try {
    const [requests, p99] = await Promise.all([
      prometheus.instant(queries.requests, { signal }),
      queries.p99 === null ? Promise.resolve(null) : prometheus.instant(queries.p99, { signal }),
    ]);
    return evaluateGates(spec, measurementsFrom(spec, requests, p99));
  } catch (err) {
    if (err instanceof PrometheusError) return { unavailable: err.message };
    throw err;
  }
}
