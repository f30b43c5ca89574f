// The Prometheus HTTP API (the /api/v1 endpoints the console and Grafana use) over the built-in TSDB: GET with a
// query string or POST with a form body, Prometheus' JSON envelope, its error types and status codes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, type Handler } from '../http-util.js';
import { parseDurationParamMs, parseTimeMs } from './promql/duration.js';
import { ApiError, type ErrorType, type QueryEngine } from './query-engine.js';

const STATUS: Record<ErrorType, number> = {
  bad_data: 400,
  execution: 422,
  timeout: 503,
  canceled: 503,
  internal: 500,
  not_found: 404,
};

// What Prometheus 2.42 uses when start or end is left out of /series and /labels.
const MIN_TIME_MS = -9_223_372_036_854.775;
const MAX_TIME_MS = 9_223_372_036_854.775;
const DEFAULT_TIMEOUT_MS = 120_000;

export const BUILD_INFO = {
  version: '2.42.0',
  revision: 'mesh-in-a-box',
  branch: 'builtin',
  buildUser: 'sextant',
  buildDate: '',
  goVersion: 'none (the PromQL of Prometheus 2.42, evaluated in Node.js)',
};

/** A duration as Prometheus writes it in its configuration ("1m", "15s"). */
function promDuration(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1000}s`;
}

/** The parts of Prometheus' configuration (status/config) that clients read: how often the mesh is scraped. */
function configYaml(scrapeIntervalMs: number): string {
  const interval = promDuration(scrapeIntervalMs);
  return [
    'global:',
    `  scrape_interval: ${interval}`,
    `  scrape_timeout: ${interval}`,
    'scrape_configs:',
    '- job_name: mesh',
    `  scrape_interval: ${interval}`,
    '',
  ].join('\n');
}

/**
 * The Prometheus HTTP API over the engine. `scrapeIntervalMs` is how often the data is scraped, for status/config;
 * without it that endpoint answers 404, as it does in Prometheus-compatible stores that keep no scrape configuration.
 */
export function prometheusApiHandler(
  engine: QueryEngine,
  now: () => number = Date.now,
  scrapeIntervalMs?: () => number,
): Handler {
  return async (req, res, url) => {
    try {
      const params = await readParams(req, url);
      const path = url.pathname;
      if (path === '/-/ready' || path === '/-/healthy') return text(res, 200, 'Prometheus is Ready.\n');
      const label = /^\/api\/v1\/label\/([^/]+)\/values$/.exec(path);
      if (label) {
        // Prometheus routes only GET here.
        if (req.method === 'POST') return text(res, 405, 'Method Not Allowed\n');
        const name = decodeURIComponent(label[1]!);
        if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name)) throw new ApiError('bad_data', `invalid label name: "${name}"`);
        const [start, end] = timeRange(params);
        return success(res, JSON.stringify(engine.labelValues(name, params.getAll('match[]'), start, end)));
      }
      switch (path) {
        case '/api/v1/query': {
          const query = required(params, 'query');
          const time = params.has('time') ? time_(params, 'time') : now();
          return success(res, engine.instant(query, time, deadline(params)));
        }
        case '/api/v1/query_range': {
          const query = required(params, 'query');
          const start = time_(params, 'start');
          const end = time_(params, 'end');
          const step = duration(params, 'step');
          return success(res, engine.range(query, start, end, step, deadline(params)));
        }
        case '/api/v1/series': {
          const matches = params.getAll('match[]');
          if (matches.length === 0) throw new ApiError('bad_data', 'no match[] parameter provided');
          const [start, end] = timeRange(params);
          return success(res, JSON.stringify(engine.series(matches, start, end)));
        }
        case '/api/v1/labels': {
          const [start, end] = timeRange(params);
          return success(res, JSON.stringify(engine.labelNames(params.getAll('match[]'), start, end)));
        }
        case '/api/v1/metadata': {
          const limit = params.get('limit');
          return success(
            res,
            JSON.stringify(engine.metadata(params.get('metric') ?? undefined, limit ? Number(limit) : undefined)),
          );
        }
        case '/api/v1/status/buildinfo':
          return success(res, JSON.stringify(BUILD_INFO));
        case '/api/v1/status/config':
          if (!scrapeIntervalMs) return text(res, 404, '404 page not found\n');
          return success(res, JSON.stringify({ yaml: configYaml(scrapeIntervalMs()) }));
        case '/api/v1/status/runtimeinfo':
          // Only the field clients read; Prometheus writes its retention in its own duration syntax.
          return success(res, JSON.stringify({ storageRetention: `${Math.floor(engine.retentionMs / 60_000)}m` }));
        default:
          return text(res, 404, '404 page not found\n');
      }
    } catch (err) {
      if (err instanceof ApiError) return failure(res, err.errorType, err.message);
      return failure(res, 'internal', err instanceof Error ? err.message : String(err));
    }
  };
}

async function readParams(req: IncomingMessage, url: URL): Promise<URLSearchParams> {
  const params = new URLSearchParams(url.search);
  if (req.method === 'POST') {
    const type = req.headers['content-type'] ?? '';
    const body = await readBody(req, 16 << 20);
    if (type.startsWith('application/x-www-form-urlencoded')) {
      // As Go's ParseForm: the body's values come before the URL's.
      const form = new URLSearchParams(body);
      const merged = new URLSearchParams();
      for (const [k, v] of form) merged.append(k, v);
      for (const [k, v] of params) merged.append(k, v);
      return merged;
    }
  } else if (req.method !== 'GET' && req.method !== 'HEAD') {
    throw new ApiError('bad_data', `method ${req.method} not allowed`);
  }
  return params;
}

function required(params: URLSearchParams, name: string): string {
  const v = params.get(name);
  if (v === null || v === '') {
    throw new ApiError(
      'bad_data',
      `invalid parameter "${name}": cannot parse "" to a valid ${name === 'query' ? 'query' : 'value'}`,
    );
  }
  return v;
}

function time_(params: URLSearchParams, name: string): number {
  const raw = params.get(name) ?? '';
  const ms = parseTimeMs(raw);
  if (ms === undefined)
    throw new ApiError('bad_data', `invalid parameter "${name}": cannot parse "${raw}" to a valid timestamp`);
  return ms;
}

function duration(params: URLSearchParams, name: string): number {
  const raw = params.get(name) ?? '';
  const ms = parseDurationParamMs(raw);
  if (ms === undefined)
    throw new ApiError('bad_data', `invalid parameter "${name}": cannot parse "${raw}" to a valid duration`);
  return ms;
}

function timeRange(params: URLSearchParams): [number, number] {
  const start = params.get('start') ? time_(params, 'start') : MIN_TIME_MS;
  const end = params.get('end') ? time_(params, 'end') : MAX_TIME_MS;
  return [start, end];
}

function deadline(params: URLSearchParams): number {
  const timeout = params.get('timeout') ? duration(params, 'timeout') : DEFAULT_TIMEOUT_MS;
  return Date.now() + Math.min(timeout, DEFAULT_TIMEOUT_MS);
}

function success(res: ServerResponse, dataJson: string): void {
  const body = `{"status":"success","data":${dataJson}}`;
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function failure(res: ServerResponse, errorType: ErrorType, error: string): void {
  const body = JSON.stringify({ status: 'error', errorType, error });
  res.writeHead(STATUS[errorType], { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body);
}
