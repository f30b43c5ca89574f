import { fail } from '../../../server/http.js';

export const dynamic = 'force-dynamic';

// Every /api path no route serves (a typo, a `..` the URL parser resolved to another path) answers in the API's
// words, as JSON, rather than with the HTML of the app's 404 page. Next matches the other routes first.
const notFound = (req: Request) =>
  fail(404, 'not_found', `no API route answers ${new URL(req.url).pathname}; the routes are listed in lib/api`);

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
