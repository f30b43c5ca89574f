// Starts the real Prometheus (Debian's /usr/bin/prometheus) on a free loopback port, scraping given targets.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export interface RunningPrometheus {
  url: string;
  stop(): Promise<void>;
}

export const PROMETHEUS_BIN = process.env['PROMETHEUS_BIN'] ?? '/usr/bin/prometheus';

/** Resolves once every target has been scraped successfully (up == 1). */
export async function startPrometheus(options: {
  targets: { job: string; url: string }[];
  scrapeIntervalSeconds?: number;
}): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-prometheus-'));
  const interval = options.scrapeIntervalSeconds ?? 1;
  const jobs = options.targets.map((t) => {
    const u = new URL(t.url);
    return [
      `  - job_name: ${t.job}`,
      `    scrape_interval: ${interval}s`,
      `    scrape_timeout: ${Math.max(1, interval)}s`,
      `    metrics_path: ${u.pathname}`,
      `    static_configs:`,
      `      - targets: ['${u.host}']`,
    ].join('\n');
  });
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: ${interval}s\nscrape_configs:\n${jobs.join('\n')}\n`,
  );
  const port = await freePort();
  const child: ChildProcess = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}: ${stderr}`);
    try {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent('min(up)')}`);
      const body = (await res.json()) as { data?: { result?: { value: [number, string] }[] } };
      const up = body.data?.result?.[0]?.value[1];
      const count = await fetch(`${url}/api/v1/query?query=${encodeURIComponent('count(up)')}`).then((r) => r.json());
      const targets = Number(
        (count as { data?: { result?: { value: [number, string] }[] } }).data?.result?.[0]?.value[1],
      );
      if (up === '1' && targets === options.targets.length) return { url, stop };
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

/** An instant query against a Prometheus HTTP API; returns the vector. */
export async function promQuery(
  url: string,
  query: string,
  time?: number,
): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const params = new URLSearchParams({ query });
  if (time !== undefined) params.set('time', String(time));
  const res = await fetch(`${url}/api/v1/query?${params}`);
  const body = (await res.json()) as {
    status: string;
    error?: string;
    data: { result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  if (body.status !== 'success') throw new Error(`${query}: ${body.error}`);
  return body.data.result;
}
