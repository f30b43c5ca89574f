// The refusing proxies' access logs behind a graph's 401s and 403s (see ../denial-evidence.ts for why logs). Bounded:
// only proxies that answered 401/403 without a flag in the window, the busiest MAX_PROXIES of them, PODS_PER_PROXY pods
// each, the window's last TAIL_LINES lines of istio-proxy capped at LIMIT_BYTES, all at once. A 5,000-workload mesh
// with no refusals reads no log; a log that cannot be read confirms nothing (its 4xx stay plain 4xx). A proxy's
// tally is kept REUSE_MS for windows of the same length ending within REUSE_MS of each other, so that the page's
// refreshes and several viewers do not read the same logs again.
import type { Sample } from '../../sources/prometheus.js';
import type { Sources } from '../../sources/sources.js';
import { readProxyLog } from '../../logs/io/read-proxy-log.js';
import { loadAccessLogParser } from '../../telemetry/io/load-access-log-parser.js';
import type { WorkloadModel } from '../../mesh/build-workloads.js';
import type { AccessLogFields } from '../../../lib/api/logs.js';
import {
  denialKey,
  refusingProxies,
  tallyDenialLines,
  type DenialEvidence,
  type ProxyDenials,
} from '../denial-evidence.js';

export const MAX_PROXIES = 8;
const PODS_PER_PROXY = 3;
const TAIL_LINES = 5_000;
const LIMIT_BYTES = 4 * 1024 * 1024;
const TIMEOUT_MS = 3_000;
const REUSE_MS = 15_000;

interface Kept {
  endMs: number;
  spanMs: number;
  denials: ProxyDenials | null;
}
const kept = new WeakMap<object, Map<string, Kept>>();

export async function loadDenialEvidence(
  sources: Pick<Sources, 'kubernetes' | 'config'>,
  requests: readonly Sample[],
  workloads: ReadonlyMap<string, readonly WorkloadModel[]>,
  window: { startMs: number; endMs: number },
  signal?: AbortSignal,
): Promise<DenialEvidence> {
  const proxies = refusingProxies(requests, MAX_PROXIES);
  const out = new Map<string, ProxyDenials>();
  if (proxies.length === 0) return out;
  const parser = await loadAccessLogParser(sources, signal);
  const spanMs = window.endMs - window.startMs;
  let cache = kept.get(sources.kubernetes);
  if (!cache) kept.set(sources.kubernetes, (cache = new Map()));
  await Promise.all(
    proxies.map(async (proxy) => {
      const key = denialKey(proxy);
      const before = cache.get(key);
      if (before && before.spanMs === spanMs && Math.abs(before.endMs - window.endMs) < REUSE_MS) {
        if (before.denials) out.set(key, before.denials);
        return;
      }
      const workload = workloads.get(proxy.namespace)?.find((w) => w.name === proxy.workload);
      const pods = (workload?.pods ?? []).slice(0, PODS_PER_PROXY);
      const lines: AccessLogFields[] = [];
      let read = 0;
      await Promise.all(
        pods.map(async (pod) => {
          try {
            const log = await readProxyLog(
              sources,
              {
                namespace: proxy.namespace,
                pod: pod.name,
                sinceMs: window.startMs,
                tailLines: TAIL_LINES,
                limitBytes: LIMIT_BYTES,
                timeoutMs: TIMEOUT_MS,
              },
              signal,
            );
            if (!log) return; // the pod is gone
            read += 1;
            for (const { time, text } of log) {
              if (time && Date.parse(time) > window.endMs) continue;
              const fields = parser.parse(text);
              if (fields) lines.push(fields);
            }
          } catch (err) {
            if (signal?.aborted) throw err;
            // A pod gone, a log not allowed or slow: this pod confirms nothing.
          }
        }),
      );
      const denials = read > 0 ? tallyDenialLines(lines, proxy.host) : null;
      if (denials) out.set(key, denials);
      cache.set(key, { endMs: window.endMs, spanMs, denials });
    }),
  );
  return out;
}
