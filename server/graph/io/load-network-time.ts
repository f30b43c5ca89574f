// The I/O behind /api/graph/network-time: the window's traces of the edge's caller (or, for a caller traces cannot
// name, of its callee) from the tracing backend (Jaeger or Tempo), then the pure network-time builder. The backend
// failing is a note, not an error: the side panel shows the edge's other figures either way.
import type { NetworkTimeQuery, NetworkTimeResponse } from '../../../lib/api/network-time.js';
import { requireDurationSeconds } from '../../../lib/duration.js';
import { SourceError } from '../../errors.js';
import type { Sources } from '../../sources/sources.js';
import { entityScope } from '../../traces/entity-scope.js';
import { traceBackend } from '../../traces/io/trace-backend.js';
import { endMatcher, networkTime } from '../network-time.js';
import { parseNodeId } from '../node-identity.js';

const TRACE_LIMIT = 100;

/** The tracing service whose traces hold the edge's requests: its caller's, else its callee's (canonical name). */
function searchService(sources: Sources, sourceId: string, targetId: string): string | null {
  for (const id of [sourceId, targetId]) {
    const { kind, parts } = parseNodeId(id);
    const [namespace, name] = parts;
    if (!namespace || !name) continue;
    if (kind === 'app' || kind === 'vapp' || kind === 'svc') return `${name}.${namespace}`;
    // A workload's canonical name is its pods' label, not in its id.
    if (kind === 'wl') return entityScope(sources.kubernetes, { resource: 'workloads', namespace, name }).services[0]!;
  }
  return null;
}

export async function loadNetworkTime(
  sources: Sources,
  query: NetworkTimeQuery,
  signal?: AbortSignal,
  now: () => number = Date.now,
): Promise<NetworkTimeResponse> {
  const [sourceId = '', targetId = '', protocol] = query.edge.split('>');
  const none = { edge: query.edge, tracesRead: 0, traces: 0, samples: 0, medianMs: null, p95Ms: null };
  if (protocol === 'tcp') return { ...none, note: 'Envoy does not trace TCP connections' };
  if (!endMatcher(sourceId) || !endMatcher(targetId))
    return { ...none, note: 'traces do not name one end of this edge (callers outside the mesh, an aggregate)' };
  if (!sources.jaeger && !sources.tempo)
    return { ...none, note: 'no Jaeger or Tempo is configured (JAEGER_URL or TEMPO_URL)' };
  const service = searchService(sources, sourceId, targetId);
  if (!service) return { ...none, note: 'no tracing service to search for this edge' };
  const endMs = now();
  const startMs = endMs - requireDurationSeconds(query.duration) * 1000;
  try {
    const traces = await traceBackend(sources).find(
      { service, startUs: startMs * 1000, endUs: endMs * 1000, limit: TRACE_LIMIT },
      signal,
    );
    return { ...none, tracesRead: traces.length, ...networkTime(traces, sourceId, targetId) };
  } catch (err) {
    if (!(err instanceof SourceError)) throw err;
    return { ...none, note: err.message };
  }
}
