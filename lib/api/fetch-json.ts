import type { z } from 'zod';
import { CSRF_HEADER } from './csrf.js';
import { apiError } from './errors.js';

/** A route answered with an error status; the message is the route's sentence for a person. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export async function fetchJson<T>(url: string, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T> {
  return send(url, { signal, headers: { accept: 'application/json' } }, schema, signal);
}

/**
 * A POST of a JSON body (a simulation, a traffic change), its answer parsed with the route's contract; with the
 * console's CSRF header, which the server requires of every state-changing request.
 */
export async function postJson<T>(url: string, body: unknown, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T> {
  return send(
    url,
    {
      method: 'POST',
      signal,
      headers: { accept: 'application/json', 'content-type': 'application/json', [CSRF_HEADER]: '1' },
      body: JSON.stringify(body),
    },
    schema,
    signal,
  );
}

async function send<T>(url: string, init: RequestInit, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, 'unreachable', 'The Sextant server did not answer: check that it is running.');
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const parsed = apiError.safeParse(body);
    if (parsed.success) throw new ApiError(res.status, parsed.data.error.code, parsed.data.error.message);
    throw new ApiError(res.status, 'http', `${url} answered ${res.status}`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(res.status, 'malformed', `${url} answered with an unexpected shape: ${parsed.error.message}`);
  }
  return parsed.data;
}
