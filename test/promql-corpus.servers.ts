// Two Prometheus HTTP APIs over the same history: the real Prometheus 2.42 on blocks that promtool backfilled from
// the corpus data, and the built-in one loaded from the same file. Both hold identical (timestamp, value) pairs.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRecordedPrometheus } from '@sextant/mesh-in-a-box';
import { freePort } from './helpers/free-port.js';
import { PROMETHEUS_BIN } from './helpers/prometheus.js';
import { corpusOpenMetrics } from './promql-corpus.data.js';

export interface CorpusServers {
  realUrl: string;
  builtinUrl: string;
  stop(): Promise<void>;
}

const PROMTOOL_BIN = process.env['PROMTOOL_BIN'] ?? join(PROMETHEUS_BIN, '../promtool');

export async function startCorpusServers(): Promise<CorpusServers> {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-promql-'));
  const text = corpusOpenMetrics();
  const file = join(dir, 'corpus.om');
  writeFileSync(file, text);
  execFileSync(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', file, join(dir, 'data')], {
    stdio: 'ignore',
  });
  writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  evaluation_interval: 1m\nscrape_configs: []\n');
  const port = await freePort();
  const child = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      // The corpus lies in 2024; without this the blocks would be deleted as too old.
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));

  const builtin = await startRecordedPrometheus({ openMetrics: text });

  const realUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await builtin.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}: ${stderr}`);
    const ready = await fetch(`${realUrl}/api/v1/query?query=count(mesh_gauge)&time=1704068400`)
      .then((r) => r.json() as Promise<{ data?: { result?: unknown[] } }>)
      .catch(() => undefined);
    if (ready?.data?.result?.length) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not load the backfilled blocks within 60 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { realUrl, builtinUrl: builtin.url, stop };
}

export interface ApiAnswer {
  status: number;
  body: {
    status: 'success' | 'error';
    errorType?: string;
    error?: string;
    data?: { resultType: string; result: unknown };
  };
}

/** Asks an API path with a POST form, as clients send long queries, or with GET where Prometheus allows only that. */
export async function ask(baseUrl: string, path: string, params: Record<string, string>): Promise<ApiAnswer> {
  const search = new URLSearchParams(params).toString();
  const res = path.includes('/label/')
    ? await fetch(`${baseUrl}${path}?${search}`)
    : await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: search,
      });
  return { status: res.status, body: (await res.json()) as ApiAnswer['body'] };
}

type Point = [number, string];
interface SeriesOut {
  metric: Record<string, string>;
  value?: Point;
  values?: Point[];
}

/** Differences between two successful answers (empty when equal): same label sets, values within 1e-6 relative. */
export function differences(real: ApiAnswer, builtin: ApiAnswer): string[] {
  if (real.body.status !== 'success' || builtin.body.status !== 'success') {
    if (real.body.status === builtin.body.status && real.body.errorType === builtin.body.errorType) return [];
    return [
      `real: ${real.body.status} ${real.body.error ?? ''} | built-in: ${builtin.body.status} ${builtin.body.error ?? ''}`,
    ];
  }
  const a = real.body.data!;
  const b = builtin.body.data!;
  if (a.resultType !== b.resultType) return [`result type ${a.resultType} vs ${b.resultType}`];
  if (a.resultType === 'scalar' || a.resultType === 'string') {
    return samePoint(a.result as Point, b.result as Point)
      ? []
      : [`${JSON.stringify(a.result)} vs ${JSON.stringify(b.result)}`];
  }
  const key = (s: SeriesOut) => JSON.stringify(Object.entries(s.metric).sort());
  const left = new Map((a.result as SeriesOut[]).map((s) => [key(s), s]));
  const right = new Map((b.result as SeriesOut[]).map((s) => [key(s), s]));
  const out: string[] = [];
  for (const [k, s] of left) {
    const other = right.get(k);
    if (!other) {
      out.push(`only real Prometheus has ${k}`);
      continue;
    }
    const pa = s.values ?? [s.value!];
    const pb = other.values ?? [other.value!];
    if (pa.length !== pb.length || pa.some((p, i) => !samePoint(p, pb[i]!))) {
      out.push(`${k}: ${JSON.stringify(pa.slice(0, 6))} vs ${JSON.stringify(pb.slice(0, 6))}`);
    }
  }
  for (const k of right.keys()) if (!left.has(k)) out.push(`only the built-in has ${k}`);
  return out;
}

function samePoint(a: Point, b: Point): boolean {
  if (Math.abs(a[0] - b[0]) > 1e-9) return false;
  return sameValue(a[1], b[1]);
}

export function sameValue(a: string, b: string): boolean {
  if (a === b) return true;
  const x = Number(a.replace('Inf', 'Infinity'));
  const y = Number(b.replace('Inf', 'Infinity'));
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y;
  return Math.abs(x - y) <= 1e-6 * Math.max(Math.abs(x), Math.abs(y)) || Math.abs(x - y) < 1e-12;
}

export { writeFileSync };
