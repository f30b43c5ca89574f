// The glue every route handler uses: parse input with its contract, run, check the output against the contract,
// and map errors to HTTP. Every error body is `{ error: { code, message } }` with a message written for a person.
import { z, ZodError, type ZodType } from 'zod';
import type { ApiErrorBody } from '../lib/api/errors.js';
import { ConfigError, InputError, NotFoundError, RefusedError, SourceError } from './errors.js';
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
  if (err instanceof SourceError)
    return fail(err.reason === 'timeout' ? 504 : 502, `${err.source}_${err.reason}`, err.message);
  if (err instanceof ConfigError) return fail(500, 'config_invalid', err.message);
  // The browser went away: nobody reads this answer, and it is not a bug.
  if (signal?.aborted || isAbort(err)) return fail(499, 'cancelled', 'the request was cancelled');
  console.error(err); // a bug: the stack goes to the log, the user gets a sentence
  return fail(500, 'internal', 'Sextant failed on this request; see the server log');
}

/** Query parameters through a contract; a ZodError names the parameter. */
export function parseSearch<T extends ZodType>(req: Request, schema: T): z.output<T> {
  return schema.parse(Object.fromEntries(new URL(req.url).searchParams));
}

function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // not percent-encoded after all; the parameter's schema judges it
  }
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
  handler: (req: Request, params: Record<string, string>) => Promise<z.input<T>> | z.input<T>,
): (req: Request, context: RouteContext) => Promise<Response> {
  return async (req, context) => {
    const end = routeDuration.startTimer({ route: options.route, method: req.method });
    let response: Response;
    try {
      response = await inSpan(`${req.method} ${options.route}`, { 'http.route': options.route }, async () => {
        const raw = (await context?.params) ?? {};
        const params = Object.fromEntries(
          Object.entries(raw).map(([k, v]) => [k, decodeParam(Array.isArray(v) ? v.join('/') : v)]),
        );
        const value = await handler(req, params);
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
