import { z } from 'zod';
import { ISTIO_KINDS, istioObjectRoute } from '../../../../../../lib/api/istio-config.js';
import { jsonRoute, namespaceName, objectName } from '../../../../../../server/http.js';
import { getIstioObject } from '../../../../../../server/mesh/load-istio-config.js';
import { getSources } from '../../../../../../server/sources/sources.js';

export const dynamic = 'force-dynamic';

const params = z.object({ ns: namespaceName, kind: z.enum(ISTIO_KINDS), name: objectName });

export const GET = jsonRoute(istioObjectRoute, async (_req, raw) => {
  const { ns, kind, name } = params.parse(raw);
  return getIstioObject(await getSources(), ns, kind, name);
});
