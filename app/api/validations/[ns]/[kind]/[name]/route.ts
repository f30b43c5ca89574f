import { z } from 'zod';
import { objectValidationsRoute } from '../../../../../../lib/api/validations.js';
import { namespaceName, objectName } from '../../../../../../lib/kube-names.js';
import { getCaches } from '../../../../../../server/caches.js';
import { jsonRoute } from '../../../../../../server/http.js';
import { getSources } from '../../../../../../server/sources/sources.js';
import { objectValidations } from '../../../../../../server/validation/io/load-validations.js';

export const dynamic = 'force-dynamic';

const params = z.object({ ns: namespaceName, kind: z.string().regex(/^[A-Za-z0-9]+$/, 'a kind'), name: objectName });

export const GET = jsonRoute(objectValidationsRoute, async (_req, raw) => {
  const { ns, kind, name } = params.parse(raw);
  return objectValidations(await getSources(), getCaches().validators, { namespace: ns, kind, name });
});
