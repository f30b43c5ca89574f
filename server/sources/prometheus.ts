// The Prometheus HTTP API (Prometheus, Thanos, Mimir, managed services): instant and range queries.
import { readFileSync } from 'node:fs';
import type { PrometheusConfig } from '../config.js';
import { timedSourceCall } from '../observability/source-call.js';
import { HttpFailure, httpCall, seconds } from './http-get.js';
import { PrometheusError } from '../errors.js';

export interface Sample {
  metric: Record<string, string>;
  value: number;
}

export interface Series {
  metric: Record<string, string>;
  /** [unix seconds, value] */
  values: [number, number][];
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface PrometheusSource {
  readonly url: string;
  /** An instant vector (a scalar comes back as one sample without labels). `atMs` defaults to Prometheus' now. */
  instant(query: string, options?: CallOptions & { atMs?: number }): Promise<Sample[]>;
  range(
    query: string,
    options: CallOptions & { startMs: number; endMs: number; stepSeconds: number },
  ): Promise<Series[]>;
  /**
   * How far back Prometheus keeps samples (its runtime info, else its storage.tsdb.retention.time flag), or null when
   * it does not say (Thanos, Mimir and some managed services have no such endpoints). Asked once, then remembered.
   */
  retentionSeconds(options?: CallOptions): Promise<number | null>;
  /**
   * The longest scrape interval in Prometheus' configuration (its status/config), or null when it does not say.
   * Asked once, then remembered.
   */
  scrapeIntervalSeconds(options?: CallOptions): Promise<number | null>;
}

/**
 * The range of a rate() drawn at each point of a chart: at least four scrape intervals, so every window holds enough
 * samples whatever the phase of the scrapes (Grafana's $__rate_interval says the same), two steps, and a minute.
 * A window as long as the scrape interval often holds one sample, and rate() then says nothing.
 */
export function chartRateWindow(stepSeconds: number, scrapeIntervalSeconds: number | null): string {
  return `${Math.max(60, 2 * stepSeconds, 4 * (scrapeIntervalSeconds ?? 0))}s`;
}

/** The longest scrape_interval of a Prometheus configuration (global and per job); null when none is written. */
export function longestScrapeInterval(configYaml: string): number | null {
  let longest: number | null = null;
  for (const m of configYaml.matchAll(/^\s*scrape_interval:\s*(\S+)\s*$/gm)) {
    const seconds = parsePrometheusDuration(m[1]!.replace(/^["']|["']$/g, ''));
    if (seconds !== null) longest = Math.max(longest ?? 0, seconds);
  }
  return longest;
}

const DURATION_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/** Prometheus' own duration syntax ("15d", "1d12h", "2w"); null when it is not one (e.g. "size-based only"). */
export function parsePrometheusDuration(text: string): number | null {
  const m = /^((\d+)(ms|s|m|h|d|w|y))+/.exec(text.trim());
  if (!m) return null;
  let total = 0;
  for (const part of m[0].matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) total += Number(part[1]) * DURATION_UNITS[part[2]!]!;
  return total;
}

interface ApiEnvelope {
  status?: string;
  errorType?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
}

function toNumber(raw: unknown): number {
  // Prometheus writes values as strings, "NaN" and "+Inf" included.
  return typeof raw === 'string' ? Number(raw) : NaN;
}

export function createPrometheusSource(
  config: Pick<PrometheusConfig, 'url' | 'timeoutMs'> & Partial<PrometheusConfig>,
): PrometheusSource {
  const baseUrl = config.url.replace(/\/+$/, '');
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (config.token) headers['authorization'] = `Bearer ${config.token}`;
  if (config.username)
    headers['authorization'] = `Basic ${Buffer.from(`${config.username}:${config.password ?? ''}`).toString('base64')}`;
  const requestOptions = config.caFile ? { ca: readFileSync(config.caFile) } : undefined;

  async function post(
    path: string,
    form: Record<string, string> | null,
    operation: string,
    signal?: AbortSignal,
  ): Promise<unknown> {
    return timedSourceCall('prometheus', operation, async () => {
      let answer;
      try {
        answer = await httpCall({
          url: `${baseUrl}${path}`,
          method: form ? 'POST' : 'GET',
          headers,
          ...(form ? { body: new URLSearchParams(form).toString() } : {}),
          timeoutMs: config.timeoutMs,
          signal,
          requestOptions,
        });
      } catch (err) {
        if (!(err instanceof HttpFailure)) throw err;
        if (err.kind === 'timeout')
          throw new PrometheusError(
            'timeout',
            `Prometheus at ${baseUrl} did not answer in ${seconds(config.timeoutMs)} (PROMETHEUS_URL)`,
            err,
          );
        if (err.kind === 'too-large')
          throw new PrometheusError(
            'malformed',
            `Prometheus at ${baseUrl} sent more data than Sextant reads: ${err.message}`,
            err,
          );
        throw new PrometheusError(
          'unreachable',
          `Prometheus at ${baseUrl} is unreachable: ${err.message} (PROMETHEUS_URL)`,
          err,
        );
      }
      let body: ApiEnvelope;
      try {
        body = JSON.parse(answer.text) as ApiEnvelope;
      } catch (err) {
        if (answer.status === 401 || answer.status === 403)
          throw new PrometheusError(
            'rejected',
            `Prometheus at ${baseUrl} refused the credentials (${answer.status}); check PROMETHEUS_TOKEN or PROMETHEUS_USERNAME/PASSWORD`,
            err,
          );
        throw new PrometheusError(
          'malformed',
          `Prometheus at ${baseUrl} answered ${answer.status} with something other than JSON; is PROMETHEUS_URL the Prometheus HTTP API?`,
          err,
        );
      }
      if (answer.status === 401 || answer.status === 403)
        throw new PrometheusError(
          'rejected',
          `Prometheus at ${baseUrl} refused the credentials (${answer.status}); check PROMETHEUS_TOKEN or PROMETHEUS_USERNAME/PASSWORD`,
        );
      if (body.status !== 'success') {
        const reason = answer.status === 503 || body.errorType === 'timeout' ? 'timeout' : 'rejected';
        throw new PrometheusError(
          reason,
          `Prometheus at ${baseUrl} refused the query (${body.errorType ?? answer.status}): ${body.error ?? 'no reason given'}`,
        );
      }
      if (!body.data) throw new PrometheusError('malformed', `Prometheus at ${baseUrl} answered without data`);
      return body.data;
    });
  }

  /**
   * A fact from one of Prometheus' status endpoints: asked once, then remembered; null when it does not say (Thanos,
   * Mimir and some managed services have no such endpoints), and asked again next time after a failure.
   */
  function remembered<T>(
    path: string,
    operation: string,
    read: (data: T) => number | null,
  ): (options?: CallOptions) => Promise<number | null> {
    let answer: Promise<number | null> | undefined;
    return (options = {}) =>
      (answer ??= (post(path, null, operation, options.signal) as Promise<T>).then(read, () => {
        answer = undefined; // it may have been down
        return null;
      }));
  }

  // runtimeinfo says "15d", "1h5m" or "15d or 1GiB"; a size-only retention says no time, and then the flag may.
  const runtimeRetention = remembered(
    '/api/v1/status/runtimeinfo',
    'runtimeinfo',
    (data: { storageRetention?: unknown }) =>
      typeof data.storageRetention === 'string' ? parsePrometheusDuration(data.storageRetention) || null : null,
  );
  // The flag reads "0s" when left unset (Prometheus then keeps 15 d unless a size limit is set): not an answer.
  const flagsRetention = remembered('/api/v1/status/flags', 'flags', (data: Record<string, unknown>) => {
    const flag = data['storage.tsdb.retention.time'] ?? data['storage.tsdb.retention'];
    return typeof flag === 'string' ? parsePrometheusDuration(flag) || null : null;
  });

  return {
    url: baseUrl,
    async retentionSeconds(options) {
      return (await runtimeRetention(options)) ?? (await flagsRetention(options));
    },
    scrapeIntervalSeconds: remembered('/api/v1/status/config', 'config', (data: { yaml?: unknown }) =>
      typeof data.yaml === 'string' ? longestScrapeInterval(data.yaml) : null,
    ),
    async instant(query, options = {}) {
      const form: Record<string, string> = { query };
      if (options.atMs !== undefined) form['time'] = String(options.atMs / 1000);
      const data = (await post('/api/v1/query', form, 'instant', options.signal)) as NonNullable<ApiEnvelope['data']>;
      if (data.resultType === 'scalar') {
        const [, v] = data.result as [number, string];
        return [{ metric: {}, value: toNumber(v) }];
      }
      if (data.resultType !== 'vector' || !Array.isArray(data.result))
        throw new PrometheusError(
          'malformed',
          `Prometheus at ${baseUrl} answered a ${data.resultType} to an instant query`,
        );
      return (data.result as { metric: Record<string, string>; value: [number, string] }[]).map((r) => ({
        metric: r.metric,
        value: toNumber(r.value[1]),
      }));
    },
    async range(query, options) {
      const form = {
        query,
        start: String(options.startMs / 1000),
        end: String(options.endMs / 1000),
        step: String(options.stepSeconds),
      };
      const data = (await post('/api/v1/query_range', form, 'range', options.signal)) as NonNullable<
        ApiEnvelope['data']
      >;
      if (data.resultType !== 'matrix' || !Array.isArray(data.result))
        throw new PrometheusError(
          'malformed',
          `Prometheus at ${baseUrl} answered a ${data.resultType} to a range query`,
        );
      return (data.result as { metric: Record<string, string>; values: [number, string][] }[]).map((r) => ({
        metric: r.metric,
        values: r.values.map(([t, v]) => [t, toNumber(v)] as [number, number]),
      }));
    },
  };
}

/** A label value inside a PromQL string literal. */
export function promString(value: string): string {
  return JSON.stringify(value);
}
