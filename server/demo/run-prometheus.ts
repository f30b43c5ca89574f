// A real Prometheus (Debian's /usr/bin/prometheus) on a free loopback port, scraping the mesh in a box. The demo
// uses it when the mesh does not serve a Prometheus API itself; the browser tests always do.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopChild } from './child-lines.js';
import { freePort } from './free-port.js';

export const PROMETHEUS_BIN = process.env['PROMETHEUS_BIN'] ?? '/usr/bin/prometheus';

export interface RealPrometheus {
  url: string;
  stop(): Promise<void>;
}

export function hasPrometheus(): boolean {
  return existsSync(PROMETHEUS_BIN);
}

function scrapeConfig(targets: { job: string; url: string }[], intervalSeconds: number): string {
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

/** The value of the first sample of an instant query, as Prometheus writes it; undefined when the answer is empty. */
export async function scalar(url: string, query: string, signal?: AbortSignal): Promise<string | undefined> {
  const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`, { signal });
  const body = (await res.json()) as { data?: { result?: { value: [number, string] }[] } };
  return body.data?.result?.[0]?.value[1];
}

/** Resolves once every target has been scraped successfully (`min(up) == 1` over all of them). */
export async function startRealPrometheus(options: {
  targets: { job: string; url: string }[];
  scrapeIntervalSeconds?: number;
  /** storage.tsdb.retention.time, e.g. "65m"; Prometheus' own default (15d) when left out. */
  retention?: string;
}): Promise<RealPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-prometheus-'));
  writeFileSync(join(dir, 'prometheus.yml'), scrapeConfig(options.targets, options.scrapeIntervalSeconds ?? 1));
  const port = await freePort();
  const child = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
      ...(options.retention ? [`--storage.tsdb.retention.time=${options.retention}`] : []),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`prometheus exited with ${child.exitCode}: ${stderr}`);
    }
    try {
      const [up, count] = await Promise.all([scalar(url, 'min(up)'), scalar(url, 'count(up)')]);
      if (up === '1' && Number(count) === options.targets.length) return { url, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not scrape its targets within 60 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
