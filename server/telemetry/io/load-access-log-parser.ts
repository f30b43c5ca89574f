// The access-log parser for the mesh's configuration: the `istio` ConfigMap in the root namespace (ISTIO_NAMESPACE),
// key `mesh`. Read at most every 30 s and compiled only when the format changed: a page of logs costs one parse per
// line, not one compile.
import { createAccessLogParser, type AccessLogParser } from '../access-log/access-log-parser.js';
import { meshAccessLogConfig } from '../access-log/mesh-access-log-config.js';
import type { Sources } from '../../sources/sources.js';

const TTL_MS = 30_000;

interface Cached {
  at: number;
  key: string;
  parser: AccessLogParser;
}

const cache = new WeakMap<object, Cached>();

// The mesh's access-log format is read with the console's own rights, also for a person: it says how to read their
// proxies' lines, and shows them nothing.
export async function loadAccessLogParser(
  sources: Pick<Sources, 'kubernetes' | 'config'>,
  signal?: AbortSignal,
): Promise<AccessLogParser> {
  const cached = cache.get(sources.kubernetes.shared);
  if (cached && Date.now() - cached.at < TTL_MS) return cached.parser;
  const ns = sources.config.istioNamespace;
  let mesh: string | null = null;
  try {
    const configMap = (await sources.kubernetes.shared.getJson(
      `/api/v1/namespaces/${encodeURIComponent(ns)}/configmaps/istio`,
      { signal },
    )) as { data?: Record<string, string> } | null;
    mesh = configMap?.data?.['mesh'] ?? null;
  } catch (err) {
    // Not allowed to read it, or the API hiccupped: Istio's defaults still read most meshes' lines.
    if (signal?.aborted) throw err;
  }
  const config = meshAccessLogConfig(mesh);
  const key = `${config.encoding}\n${config.format ?? ''}`;
  const parser = cached?.key === key ? cached.parser : createAccessLogParser(config);
  cache.set(sources.kubernetes.shared, { at: Date.now(), key, parser });
  return parser;
}
