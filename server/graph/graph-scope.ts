// What a graph covers, in words and in namespaces: which namespaces it may draw, and why it is empty when it is.
import type { GraphQuery } from '../../lib/api/graph.js';
import { requireDurationSeconds } from '../../lib/duration.js';
import type { GraphAnswers } from './build-graph.js';

/** Namespaces whose workloads a graph may draw: the asked ones and every one its series name. */
export function namespacesIn(answers: GraphAnswers[], asked: readonly string[], all: () => string[]): Set<string> {
  if (asked.length === 0) return new Set(all());
  const found = new Set(asked);
  for (const a of answers) {
    for (const list of [a.requests, a.bytes]) {
      for (const s of list) {
        const src = s.metric['source_workload_namespace'];
        const dst = s.metric['destination_workload_namespace'];
        if (src && src !== 'unknown') found.add(src);
        if (dst && dst !== 'unknown') found.add(dst);
      }
    }
  }
  return found;
}

/** Why a graph without edges is empty, and what to change when the window cannot hold a rate. */
export function emptyMessage(q: Pick<GraphQuery, 'namespaces' | 'duration'>, scrapeSeconds: number | null): string {
  const where =
    q.namespaces.length === 0
      ? 'in the mesh'
      : q.namespaces.length === 1
        ? `in namespace ${q.namespaces[0]}`
        : `in namespaces ${q.namespaces.join(', ')}`;
  const said = `no requests in the last ${q.duration} ${where}`;
  // rate() needs two samples inside the window: with a window shorter than two scrapes it is often empty.
  if (scrapeSeconds !== null && requireDurationSeconds(q.duration) < 2 * scrapeSeconds)
    return `${said}; Prometheus scrapes every ${scrapeSeconds}s, so choose a window of at least ${2 * scrapeSeconds}s`;
  return said;
}
