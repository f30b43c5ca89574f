import { z } from 'zod';
import { istioObjectRoute } from '../../../../../../lib/api/istio-config.js';
import { istioKindOf, unknownIstioKind } from '../../../../../../lib/istio-kinds.js';
import { namespaceName, objectName } from '../../../../../../lib/kube-names.js';
import { jsonRoute, otherMethods } from '../../../../../../server/http.js';
import { InputError } from '../../../../../../server/errors.js';
import { getIstioObject } from '../../../../../../server/mesh/io/load-istio-config.js';
import { sourcesFor } from '../../../../../../server/auth/io/user-sources.js';

export const dynamic = 'force-dynamic';

// kind as kubectl takes it (VirtualService, virtualservice, virtualservices, vs), answered under the canonical Kind.
const params = z.object({ ns: namespaceName, kind: z.string(), name: objectName });

export const GET = jsonRoute(istioObjectRoute, async (req, raw, user) => {
  const { ns, kind: typed, name } = params.parse(raw);
  const kind = istioKindOf(typed);
  if (!kind) throw new InputError(unknownIstioKind('kind', typed));
  return getIstioObject(await sourcesFor(user, req.signal), ns, kind, name);
});
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
