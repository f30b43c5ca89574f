// One sidecar's logged facts in a window, through the logged-calls cache: the first call reads the window's last
// LOG_TAIL_LINES lines, a later one only the lines written since (see logged-calls-cache.ts). The lines come from
// pods/log with timestamps=true: the kubelet's time of each line places it in the window and tells repeats apart.
import { PROXY_CONTAINER, readProxyLog } from '../../logs/io/read-proxy-log.js';
import type { Sources } from '../../sources/sources.js';
import type { Intern, LogFact } from '../log-calls.js';
import type { FactReader } from '../log-fact-reader.js';
import {
  LOG_TAIL_LINES,
  applyRead,
  covers,
  factsSince,
  planRead,
  podKey,
  remember,
  type LoggedCallsCache,
} from '../logged-calls-cache.js';

/** 8 MiB of lines, and room for the kubelet's timestamp before each (`2006-01-02T15:04:05.999999999Z `). */
const LOG_LIMIT_BYTES = 8 * 1024 * 1024 + 31 * LOG_TAIL_LINES;

export interface FactsTarget {
  namespace: string;
  pod: string;
  gateway: boolean;
}

export async function readLoggedFacts(
  sources: Pick<Sources, 'kubernetes'>,
  cache: LoggedCallsCache,
  target: FactsTarget,
  sinceMs: number,
  readFact: FactReader,
  signal?: AbortSignal,
): Promise<LogFact[]> {
  const key = podKey(target.namespace, target.pod, PROXY_CONTAINER);
  // Two calls at once may both read the same new lines: the second to apply them finds them held by their
  // timestamps and drops them (applyRead), so the pod needs no lock.
  // A call at once with a shorter window may have started the pod over after this one's read: read again then.
  for (let attempt = 0; ; attempt++) {
    await refresh(sources, cache, key, target, sinceMs, readFact, signal);
    const state = cache.pods.get(key);
    if (!state) return [];
    if (attempt === 2 || covers(state, sinceMs)) return factsSince(state, sinceMs);
  }
}

async function refresh(
  sources: Pick<Sources, 'kubernetes'>,
  cache: LoggedCallsCache,
  key: string,
  target: FactsTarget,
  sinceMs: number,
  readFact: FactReader,
  signal?: AbortSignal,
): Promise<void> {
  const held = cache.pods.get(key);
  const read = planRead(held?.gateway === target.gateway ? held : undefined, sinceMs);
  const lines = await readProxyLog(
    sources,
    {
      namespace: target.namespace,
      pod: target.pod,
      sinceMs: Date.parse(read.sinceTime),
      tailLines: LOG_TAIL_LINES,
      limitBytes: LOG_LIMIT_BYTES,
    },
    signal,
  );
  if (!lines) {
    cache.pods.delete(key); // a pod gone meanwhile has nothing to say
    return;
  }
  const factOf = (text: string, ms: number, intern: Intern) =>
    // Only the server side's lines (a gateway's are all its own); a cheap test before parsing.
    !target.gateway && !text.includes('inbound|') ? null : readFact(text, ms, target.gateway, intern);
  // Onto what is held now: another call may have changed it meanwhile.
  remember(cache, key, applyRead(cache.pods.get(key), read, lines, target.gateway, factOf));
}
