// A real Prometheus (Debian's /usr/bin/prometheus, or the one on PATH) scraping the mesh in a box, with a temporary
// config and data folder, on a free port unless one is given. `npm run mesh -- --prometheus` uses it, and so do the
// demo and the tests that compare answers with the real thing.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { stopChild } from '../child-lines.js';
import { freePort } from '../free-port.js';

/** Where the tests and the demo look for Prometheus: $PROMETHEUS_BIN, else Debian's path. */
export const PROMETHEUS_BIN = process.env['PROMETHEUS_BIN'] ?? '/usr/bin/prometheus';

export interface RealPrometheus {
  url: string;
  stop(): Promise<void>;
}

export interface ScrapeTarget {
  job: string;
  /** The full URL of the target's metrics, e.g. http://127.0.0.1:4000/metrics */
  url: string;
}

/** The prometheus executable on PATH, if there is one. */
export function findPrometheusOnPath(path = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'prometheus');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** $PROMETHEUS_BIN (or Debian's) when it exists, else the one on PATH. */
export function findPrometheus(): string | undefined {
  try {
    accessSync(PROMETHEUS_BIN, constants.X_OK);
    return PROMETHEUS_BIN;
  } catch {
    return findPrometheusOnPath();
  }
}

function scrapeConfig(targets: ScrapeTarget[], intervalSeconds: number): string {
  const jobs = targets.map((t) => {
    const u = new URL(t.url);
    return [
      `  - job_name: ${t.job}`,
      `    metrics_path: ${u.pathname}`,
      `    static_configs:`,
      `      - targets: ['${u.host}']`,
    ].join('\n');
  });
  return `global:\n  scrape_interval: ${intervalSeconds}s\n  scrape_timeout: ${intervalSeconds}s\nscrape_configs:\n${jobs.join('\n')}\n`;
}

export type InstantVector = { metric: Record<string, string>; value: [number, string] }[];

/** An instant query against any Prometheus HTTP API; the vector, or an error naming the query and Prometheus' reason. */
export async function instantQuery(
  url: string,
  query: string,
  options: { time?: number; signal?: AbortSignal } = {},
): Promise<InstantVector> {
  const params = new URLSearchParams({ query });
  if (options.time !== undefined) params.set('time', String(options.time));
  const res = await fetch(`${url}/api/v1/query?${params}`, { signal: options.signal });
  const body = (await res.json()) as { status: string; error?: string; data?: { result?: InstantVector } };
  if (body.status !== 'success') throw new Error(`${query}: ${body.error}`);
  return body.data?.result ?? [];
}

/** The value of the first sample of an instant query, as Prometheus writes it; undefined when the answer is empty. */
export async function scalar(url: string, query: string, signal?: AbortSignal): Promise<string | undefined> {
  return (await instantQuery(url, query, { signal }))[0]?.value[1];
}

/** Resolves once every target has been scraped successfully (`min(up) == 1` over all of them). */
export async function startRealPrometheus(options: {
  targets: ScrapeTarget[];
  /** Default: findPrometheus() */
  binary?: string;
  host?: string;
  /** 0 or left out: a free port */
  port?: number;
  scrapeIntervalSeconds?: number;
  /** storage.tsdb.retention.time, e.g. "65m"; Prometheus' own default (15d) when left out. */
  retention?: string;
}): Promise<RealPrometheus> {
  const binary = options.binary ?? findPrometheus();
  if (!binary) throw new Error(`no Prometheus at ${PROMETHEUS_BIN} or on PATH: install it or set PROMETHEUS_BIN`);
  const host = options.host ?? '127.0.0.1';
  const dir = mkdtempSync(join(tmpdir(), 'mesh-in-a-box-prometheus-'));
  writeFileSync(join(dir, 'prometheus.yml'), scrapeConfig(options.targets, options.scrapeIntervalSeconds ?? 1));
  const port = options.port || (await freePort(host));
  const child = spawn(
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=${host}:${port}`,
      '--log.level=warn',
      ...(options.retention ? [`--storage.tsdb.retention.time=${options.retention}`] : []),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = `http://${host}:${port}`;
  const stop = async () => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`${binary} exited with ${child.exitCode}: ${stderr}`);
    }
    try {
      const [up, count] = await Promise.all([scalar(url, 'min(up)'), scalar(url, 'count(up)')]);
      if (up === '1' && Number(count) === options.targets.length) return { url, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${binary} did not scrape its targets within 60 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
