import { z } from 'zod';
import { objectValidationsRoute } from '../../../../../../lib/api/validations.js';
import { namespaceName, objectName } from '../../../../../../lib/kube-names.js';
import { getCaches } from '../../../../../../server/caches.js';
import { jsonRoute, otherMethods } from '../../../../../../server/http.js';
import { sourcesFor } from '../../../../../../server/auth/io/user-sources.js';
import { objectValidations } from '../../../../../../server/validation/io/load-validations.js';

export const dynamic = 'force-dynamic';

const params = z.object({ ns: namespaceName, kind: z.string().regex(/^[A-Za-z0-9]+$/, 'a kind'), name: objectName });

export const GET = jsonRoute(objectValidationsRoute, async (req, raw, user) => {
  const { ns, kind, name } = params.parse(raw);
  return objectValidations(await sourcesFor(user, req.signal), getCaches().validators, { namespace: ns, kind, name });
});
export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
