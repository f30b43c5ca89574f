// The access-log lines of one trace in every proxy it crossed: each pod its spans name, read from a little before
// its first span (Envoy writes a line when the stream ends, so never before it starts) and kept when the line's
// request id is one of that pod's spans'.
import type { TraceLogLine } from '../../../lib/api/logs.js';
import { JaegerError, NotFoundError } from '../../errors.js';
import type { Sources } from '../../sources/sources.js';
import { loadAccessLogParser } from '../../telemetry/io/load-access-log-parser.js';
import { timeKey } from '../page-pod-log.js';
import { byRequestStart } from '../trace-log-order.js';
import { traceLogTargets } from '../trace-log-targets.js';
import { PROXY_CONTAINER, readProxyLog } from './read-proxy-log.js';

/** A pod's log is read from this long before its first span (clock skew between the proxy and the kubelet). */
const BEFORE_SPAN_MS = 2_000;
/** Lines written this long after the span ended are not looked at (Envoy flushes its access log every second). */
const AFTER_SPAN_MS = 60_000;
/** Per pod: the log after the span's time is read up to this many bytes, never the whole log. */
const LIMIT_BYTES = 4 * 1024 * 1024;

export async function loadTraceLogs(
  sources: Sources,
  traceId: string,
  signal?: AbortSignal,
): Promise<{ lines: TraceLogLine[] }> {
  if (!sources.jaeger) throw new JaegerError('unreachable', 'Jaeger is not configured (set JAEGER_URL)');
  const trace = await sources.jaeger.trace(traceId, { signal });
  if (!trace) throw new NotFoundError(`trace ${traceId} is not in Jaeger (it may be older than Jaeger keeps)`);
  const parser = await loadAccessLogParser(sources, signal);
  // Only the proxies of namespaces the person may see (their spans are hidden too: traces/visible-trace.ts).
  const visible = sources.access.visibleNamespaces();
  const perPod = await Promise.all(
    traceLogTargets(trace)
      .filter((target) => visible.has(target.namespace))
      .map(async (target): Promise<TraceLogLine[]> => {
        const lines = await readProxyLog(
          sources,
          {
            namespace: target.namespace,
            pod: target.pod,
            sinceMs: target.startUs / 1000 - BEFORE_SPAN_MS,
            limitBytes: LIMIT_BYTES,
          },
          signal,
        );
        // A pod gone since the trace (rolled out, scaled down) has no log left to read; the others still answer.
        if (!lines) return [];
        const untilKey = timeKey(new Date(target.endUs / 1000 + AFTER_SPAN_MS).toISOString());
        const out: TraceLogLine[] = [];
        const ids = [...target.requestIds];
        for (const line of lines) {
          if (line.time && timeKey(line.time) > untilKey) break;
          // Cheap test before parsing: most lines are other requests'.
          if (!ids.some((id) => line.text.includes(id))) continue;
          const fields = parser.parse(line.text);
          if (!fields || !fields.requestId || !target.requestIds.has(fields.requestId)) continue;
          out.push({
            namespace: target.namespace,
            pod: target.pod,
            container: PROXY_CONTAINER,
            time: line.time,
            requestId: fields.requestId,
            // The line's own trace id where the format logs one; else the trace it was found for.
            traceId: fields.traceId ?? traceId.toLowerCase(),
            raw: line.text,
            fields,
          });
        }
        return out;
      }),
  );
  return { lines: perPod.flat().sort(byRequestStart) };
}
