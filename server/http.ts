// The glue every route handler uses: parse input with its contract, run, check the output against the contract,
// and map errors to HTTP. Every error body is `{ error: { code, message } }` with a message written for a person.
import { z, ZodError, type ZodType } from 'zod';
import type { ApiErrorBody } from '../lib/api/errors.js';
import { authenticateRequest } from './auth/io/auth-runtime.js';
import { limitLogin, limitWriteByAddress, limitWriteByPerson } from './auth/io/rate-limits.js';
import { requireNamespace, sourcesFor } from './auth/io/user-sources.js';
import { ANONYMOUS_USER, type RequestUser } from './auth/request-user.js';
import { ConfigError, InputError, NotFoundError, RateLimitedError, RefusedError, SourceError } from './errors.js';
import { log } from './observability/log.js';
import { isAbort } from './observability/source-call.js';
import { inSpan, routeDuration } from './observability/telemetry.js';

export function fail(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } } satisfies ApiErrorBody, { status });
}

/** A response that broke its own contract: a bug, told apart from a bad request. */
class ContractError extends Error {
  override readonly name = 'ContractError';
}

export function errorResponse(err: unknown, signal?: AbortSignal): Response {
  if (err instanceof ZodError) return fail(400, 'bad_request', z.prettifyError(err)); // names the parameter
  if (err instanceof InputError) return fail(400, 'bad_request', err.message);
  if (err instanceof NotFoundError) return fail(404, 'not_found', err.message);
  if (err instanceof RefusedError) return fail(err.status, err.code, err.message);
  if (err instanceof RateLimitedError) {
    const response = fail(429, 'rate_limited', err.message);
    response.headers.set('Retry-After', String(err.retryAfterSeconds)); // RFC 9110 §10.2.3, in seconds
    return response;
  }
  if (err instanceof SourceError)
    return fail(err.reason === 'timeout' ? 504 : 502, `${err.source}_${err.reason}`, err.message);
  if (err instanceof ConfigError) return fail(500, 'config_invalid', err.message);
  // The browser went away: nobody reads this answer, and it is not a bug.
  if (signal?.aborted || isAbort(err)) return fail(499, 'cancelled', 'the request was cancelled');
  log.error('a request failed on a bug', { err }); // the stack goes to the log, the user gets a sentence
  return fail(500, 'internal', 'Sextant failed on this request; see the server log');
}

/** Query parameters through a contract; a ZodError names the parameter. */
export function parseSearch<T extends ZodType>(req: Request, schema: T): z.output<T> {
  return schema.parse(Object.fromEntries(new URL(req.url).searchParams));
}

/** The most a JSON body may hold: a pasted policy is a few kilobytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

const tooLarge = () =>
  new RefusedError(413, 'body_too_large', `the body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB; send less`);

/**
 * The body's text, read no further than MAX_BODY_BYTES: a declared Content-Length over it is refused before reading,
 * and a body sent without one (chunked) is cut off where it passes the limit, so a huge body never sits in memory.
 */
async function readBoundedText(req: Request): Promise<string> {
  const declared = Number(req.headers.get('content-length'));
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A JSON request body through a contract, as parseSearch does for the query: a body that is not JSON is an InputError
 * (400) saying what to send, one too large a 413; a ZodError (400) names the field.
 */
export async function parseBody<T extends ZodType>(req: Request, schema: T): Promise<z.output<T>> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type))
    throw new InputError(
      `send the body as JSON with Content-Type: application/json (got ${type || 'no Content-Type'})`,
    );
  const text = await readBoundedText(req);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError(`the body is not JSON: ${(err as Error).message}`);
  }
  return schema.parse(value);
}

/**
 * Refuses a state-changing request another site's page made the browser send (CSRF): the browser says so in
 * Sec-Fetch-Site (Fetch Metadata, w3c webappsec-fetch-metadata: `cross-site`), and in Origin, whose host must be the
 * console's own (RFC 6454; the Host header, or X-Forwarded-Host behind a proxy that sets it). A request with neither
 * header (curl, the CLI) is not a browser's and passes. Every route that changes something calls this first.
 */
export function refuseCrossSite(req: Request): void {
  const site = req.headers.get('sec-fetch-site');
  if (site === 'cross-site')
    throw new RefusedError(
      403,
      'cross_site',
      "refused: another site's page sent this request (Sec-Fetch-Site: cross-site); the console accepts changes only from its own pages",
    );
  const origin = req.headers.get('origin');
  if (origin === null) return;
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = null; // "null" (a sandboxed page, a file) names no host
  }
  const own =
    req.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || req.headers.get('host') || new URL(req.url).host;
  if (originHost !== own)
    throw new RefusedError(
      403,
      'cross_site',
      `refused: the request comes from ${origin}, not from this console (${own}); the console accepts changes only from its own pages`,
    );
}

function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // not percent-encoded after all; the parameter's schema judges it
  }
}

/**
 * Which rate limit a request counts against (server/auth/io/rate-limits.ts): the token login, and every change.
 * A change is any method but GET and HEAD, so a new write route is limited without asking. Logging out is not
 * limited: it only clears the person's own cookie, and refusing it would keep a session open.
 */
export function rateLimitOf(route: string, method: string): 'login' | 'write' | null {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return null;
  if (route === '/api/auth/login') return 'login';
  if (route.startsWith('/api/auth/')) return null;
  return route.startsWith('/api/') ? 'write' : null;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

/**
 * A GET handler returning JSON. `route` is the pattern for metrics and spans; `output` is the route's contract, which
 * the value must satisfy.
 */
export function jsonRoute<T extends ZodType>(
  options: {
    route: string;
    output: T;
    // Shapes the value for the wire (e.g. leaving out fields that hold their contract's default).
    encode?: (value: z.output<T>) => unknown;
    // false skips checking the answer against its contract on every request, where that would eat the route's
    // budget (the graph of 5,000 workloads); the route's tests check it instead.
    checkOutput?: boolean;
    // The HTTP status of an answer that is not an error but not a success either (a probe's "not ready": 503).
    status?: (value: z.output<T>) => number;
  },
  handler: (
    req: Request,
    params: Record<string, string>,
    user: RequestUser,
    // Set-Cookie values to send with the answer (the login routes' sessions).
    reply: { cookies: string[] },
  ) => Promise<z.input<T>> | z.input<T>,
): (req: Request, context: RouteContext) => Promise<Response> {
  // Every API route but the login's own needs a user when the login strategy asks for one (issue 21); the probes
  // (/healthz, /readyz) answer anyone.
  const needsUser = options.route.startsWith('/api/') && !options.route.startsWith('/api/auth/');
  return async (req, context) => {
    const limit = rateLimitOf(options.route, req.method);
    const end = routeDuration.startTimer({ route: options.route, method: req.method });
    let response: Response;
    let setCookie: string | undefined;
    const reply = { cookies: [] as string[] };
    try {
      let user = ANONYMOUS_USER;
      if (limit === 'login') limitLogin(req);
      if (limit === 'write') limitWriteByAddress(req); // before the login is checked: it may cost a TokenReview
      if (needsUser) ({ user, setCookie } = await authenticateRequest(req));
      if (limit === 'write') limitWriteByPerson(user);
      response = await inSpan(`${req.method} ${options.route}`, { 'http.route': options.route }, async () => {
        const raw = (await context?.params) ?? {};
        const params = Object.fromEntries(
          Object.entries(raw).map(([k, v]) => [k, decodeParam(Array.isArray(v) ? v.join('/') : v)]),
        );
        // A namespace the person may not see is refused here, once for every route under /api/namespaces/{ns}, as
        // kubectl would: the filtered cache alone would answer 404 for what exists.
        if (params['ns'] !== undefined && user.credentials.kind !== 'console')
          requireNamespace(await sourcesFor(user, req.signal), params['ns']);
        const value = await handler(req, params, user, reply);
        let data = value as z.output<T>;
        if (options.checkOutput !== false) {
          const checked = options.output.safeParse(value);
          if (!checked.success)
            throw new ContractError(`${options.route} broke its contract: ${z.prettifyError(checked.error)}`);
          data = checked.data;
        }
        const status = options.status?.(data) ?? 200;
        return Response.json(options.encode ? options.encode(data) : data, { status });
      });
    } catch (err) {
      response = errorResponse(err, req.signal);
    }
    for (const cookie of setCookie ? [setCookie, ...reply.cookies] : reply.cookies)
      response.headers.append('set-cookie', cookie);
    end({ status: String(response.status) });
    return response;
  };
}

/** A handler for the methods a route does not serve: 405 with Allow, as RFC 9110 §15.5.6 asks, before any work. */
export function methodNotAllowed(allowed: string): () => Response {
  return () => {
    const response = fail(405, 'method_not_allowed', `this route only answers ${allowed}`);
    response.headers.set('Allow', allowed);
    return response;
  };
}

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The handlers of the methods a route does not serve, each a 405 naming those it does (methodNotAllowed). A route
 * exports the ones it lacks (`export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST')`): for a method its
 * file does not export, Next answers 405 with an empty body, not the `{ error }` every API answer carries.
 */
export function otherMethods(...served: HttpMethod[]): Record<HttpMethod, () => Response> {
  const refuse = methodNotAllowed(served.join(', '));
  return { GET: refuse, POST: refuse, PUT: refuse, PATCH: refuse, DELETE: refuse };
}
