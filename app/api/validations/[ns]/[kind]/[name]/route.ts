import { z } from 'zod';
import { objectValidationsRoute } from '../../../../../../lib/api/validations.js';
import { jsonRoute, namespaceName, objectName } from '../../../../../../server/http.js';
import { getSources } from '../../../../../../server/sources/sources.js';
import { objectValidations } from '../../../../../../server/validation/io/load-validations.js';

export const dynamic = 'force-dynamic';

const params = z.object({ ns: namespaceName, kind: z.string().regex(/^[A-Za-z0-9]+$/, 'a kind'), name: objectName });

export const GET = jsonRoute(objectValidationsRoute, async (_req, raw) => {
  const { ns, kind, name } = params.parse(raw);
  return objectValidations(await getSources(), ns, kind, name);
});
