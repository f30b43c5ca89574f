// The second half of the console's CSRF defence (refuseCrossSite is the first): every state-changing request must
// carry a custom header. An HTML form cannot set one, and a cross-site fetch that sets one must first pass a CORS
// preflight (fetch.spec.whatwg.org, "CORS-preflight request": a header outside the CORS-safelisted ones), which the
// console never grants. lib/api/fetch-json.ts' postJson sends it.
import { CSRF_HEADER } from '../lib/api/csrf.js';
import { RefusedError } from './errors.js';

export function requireCsrfHeader(req: Request): void {
  if (req.headers.get(CSRF_HEADER) !== '1')
    throw new RefusedError(
      403,
      'csrf_header',
      `refused: the request lacks the header ${CSRF_HEADER}: 1, which the console's own pages send with every change; send it (curl -H '${CSRF_HEADER}: 1')`,
    );
}
