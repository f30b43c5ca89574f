import { errorResponse } from '../../server/http.js';
import { getSources } from '../../server/sources/sources.js';

export const dynamic = 'force-dynamic';

// Ready once the configuration is valid and every cluster's cache has listed what it may list (kinds the API refuses
// are named under problems); 503 with the reason otherwise.
export async function GET(): Promise<Response> {
  try {
    const sources = await getSources();
    const clusters = [...sources.clusters.values()].map((k) => ({
      cluster: k.cluster,
      synced: k.synced(),
      problems: k.problems().map((p) => p.message),
    }));
    const ok = clusters.every((c) => c.synced || c.problems.length > 0);
    return Response.json(
      {
        status: ok ? 'ok' : 'syncing',
        clusters,
        prometheus: sources.prometheus !== null,
        jaeger: sources.jaeger !== null,
      },
      { status: ok ? 200 : 503 },
    );
  } catch (err) {
    const failed = errorResponse(err);
    return new Response(failed.body, { status: 503, headers: failed.headers });
  }
}
