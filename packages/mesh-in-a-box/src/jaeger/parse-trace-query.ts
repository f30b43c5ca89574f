// The search parameters of jaeger-query's GET /api/traces (cmd/query/app/query_parser.go): service, operation,
// start/end in epoch µs, minDuration/maxDuration as Go durations, tags as a JSON object or repeated tag=key:value,
// limit (default 100), and repeated traceID (which makes service optional: validateQuery). Messages follow Jaeger's
// "unable to parse param '<name>': <reason>".

import { GoParseError, parseGoHexUint64, parseGoInt64 } from './go-strconv.js';
import { parseGoDuration, parseLookback } from './parse-go-duration.js';
import type { TraceQuery } from './trace-store.js';

export const DEFAULT_TRACE_LIMIT = 100;

/** A search parameter jaeger-query would reject with 400. */
export class JaegerParamError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
  }
}

/** A trace id as two 64-bit halves, the way Jaeger's model holds it (model/ids.go). */
export interface JaegerTraceId {
  high: bigint;
  low: bigint;
}

/** A search, or with traceIds a fetch of those traces (the other criteria are then checked but not applied). */
export interface TraceSearch extends TraceQuery {
  traceIds: JaegerTraceId[];
}

export function parseTraceQuery(params: URLSearchParams, nowMs: number): TraceSearch {
  const service = params.get('service') ?? '';
  const endUs = optionalInteger(params, 'end') ?? Math.round(nowMs * 1000);
  let startUs = optionalInteger(params, 'start');
  const lookback = params.get('lookback');
  if (startUs === undefined && lookback && lookback !== 'custom') {
    startUs = endUs - parsed('lookback', () => parseLookback(lookback));
  }
  const minDurationUs = optionalDuration(params, 'minDuration');
  const maxDurationUs = optionalDuration(params, 'maxDuration');
  const traceIds = parseTraceIds(params);
  // Jaeger validates after parsing every parameter (validateQuery), so a malformed one is named first.
  if (!service && traceIds.length === 0) throw new JaegerParamError('service', "parameter 'service' is required");
  if (minDurationUs && maxDurationUs && maxDurationUs < minDurationUs) {
    throw new JaegerParamError('maxDuration', "'maxDuration' should be greater than 'minDuration'");
  }
  return {
    service,
    operation: params.get('operation') || undefined,
    tags: parseTags(params),
    startUs,
    endUs,
    minDurationUs,
    maxDurationUs,
    limit: optionalInteger(params, 'limit') ?? DEFAULT_TRACE_LIMIT,
    traceIds,
  };
}

// Each value as model.TraceIDFromString reads it; the first bad one fails the request.
function parseTraceIds(params: URLSearchParams): JaegerTraceId[] {
  return params.getAll('traceID').map((text) => {
    try {
      if (text.length > 32) throw new GoParseError(`TraceID cannot be longer than 32 hex characters: ${text}`);
      if (text.length <= 16) return { high: 0n, low: parseGoHexUint64(text) };
      const highLength = text.length - 16;
      return { high: parseGoHexUint64(text.slice(0, highLength)), low: parseGoHexUint64(text.slice(highLength)) };
    } catch (err) {
      if (!(err instanceof GoParseError)) throw err;
      throw new JaegerParamError('traceID', `cannot parse traceID param: ${err.message}`);
    }
  });
}

const hex16 = (half: bigint) => half.toString(16).padStart(16, '0');

/** model.TraceID.String(): 16 hex digits when the high half is zero, else 32. */
export function traceIdString(id: JaegerTraceId): string {
  return id.high === 0n ? hex16(id.low) : `${hex16(id.high)}${hex16(id.low)}`;
}

/** The 32-digit form the trace store keys its traces by. */
export function traceIdKey(id: JaegerTraceId): string {
  return `${hex16(id.high)}${hex16(id.low)}`;
}

function parseTags(params: URLSearchParams): Record<string, string> | undefined {
  const tags: Record<string, string> = {};
  for (const tag of params.getAll('tag')) {
    const colon = tag.indexOf(':');
    if (colon < 0) {
      throw new JaegerParamError('tag', `malformed 'tag' parameter, expecting key:value, received: ${tag}`);
    }
    tags[tag.slice(0, colon)] = tag.slice(colon + 1);
  }
  for (const json of params.getAll('tags')) {
    if (json === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (err) {
      throw new JaegerParamError(
        'tags',
        `malformed 'tags' parameter, cannot unmarshal JSON: ${(err as Error).message}`,
      );
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new JaegerParamError('tags', "malformed 'tags' parameter, expecting a JSON object of strings");
    }
    for (const [key, tagValue] of Object.entries(value)) {
      if (typeof tagValue !== 'string') {
        throw new JaegerParamError('tags', `malformed 'tags' parameter, the value of "${key}" is not a string`);
      }
      tags[key] = tagValue;
    }
  }
  return Object.keys(tags).length > 0 ? tags : undefined;
}

/**
 * An integer parameter as jaeger-query reads start, end, limit and the dependencies' endTs and lookback: Go's
 * strconv.ParseInt, its error passed on (newParseError); an empty one counts as absent (r.FormValue).
 */
export function optionalInteger(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null || text === '') return undefined;
  try {
    return parseGoInt64(text);
  } catch (err) {
    if (!(err instanceof GoParseError)) throw err;
    throw new JaegerParamError(name, `unable to parse param '${name}': ${err.message}`);
  }
}

function optionalDuration(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null || text === '') return undefined;
  return parsed(name, () => parseGoDuration(text));
}

function parsed(name: string, parse: () => number): number {
  try {
    return parse();
  } catch (err) {
    throw new JaegerParamError(name, `unable to parse param '${name}': ${(err as Error).message}`);
  }
}
