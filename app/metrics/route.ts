import { registerCacheMetrics } from '../../server/observability/cache-metrics.js';
import { registry } from '../../server/observability/telemetry.js';

export const dynamic = 'force-dynamic';

registerCacheMetrics(registry);

/** The console's own metrics in the Prometheus text format. */
export async function GET(): Promise<Response> {
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType } });
}
