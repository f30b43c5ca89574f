import type { Health } from '@/lib/api/health';
import { formatPercent, formatRps } from '@/lib/format';

/** The traffic behind a health status, in words. */
export function RequestHealth({ health }: { health: Health }) {
  if (health.metricsError) return <span title={health.metricsError}>Metrics unavailable: {health.metricsError}</span>;
  if (!health.requests) return <>No requests in the window</>;
  const r = health.requests;
  return (
    <>
      {formatRps(r.rps)}, {formatPercent(r.errorRatio)} errors, {formatPercent(r.http4xxRatio)} 4xx
    </>
  );
}
