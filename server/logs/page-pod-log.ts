// Paging a pod's log backwards with what the Kubernetes log API offers. PodLogOptions (k8s.io/api core/v1 types.go)
// has sinceTime/sinceSeconds (a lower bound), tailLines (the last N lines) and limitBytes (cut the answer after N
// bytes), and no upper bound in time: the lines before a time are read as a tail long enough to reach past it, and
// the page is the last lines older than it. A page never splits lines of the same timestamp, so the next page, asked
// for lines strictly older than this page's oldest time, neither repeats nor skips a line.
import { splitKubeletTimestamp } from '../telemetry/access-log/access-log-parser.js';

export interface TimedLine {
  /** The kubelet's RFC 3339 timestamp; null when the line had none. */
  time: string | null;
  text: string;
}

/** The lines of a log answer; when the API server cut it at limitBytes the last, partial, line is dropped. */
export function splitLog(body: string, cut: boolean): TimedLine[] {
  const parts = body.split('\n');
  // A whole answer ends with a newline (an empty last part); a cut one ends inside its last line, which is dropped.
  if (parts[parts.length - 1] === '' || cut) parts.pop();
  return parts.map((line) => {
    const { time, text } = splitKubeletTimestamp(line);
    return { time, text };
  });
}

/**
 * A sortable key for an RFC 3339 time of any precision or zone: epoch seconds then nine digits of fraction.
 * '' for none (before every time). The kubelet writes nine digits; a person or a browser may write fewer.
 */
export function timeKey(time: string | null | undefined): string {
  if (!time) return '';
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/i.exec(time.trim());
  if (!m) {
    const ms = Date.parse(time);
    return Number.isNaN(ms) ? '' : timeKey(new Date(ms).toISOString());
  }
  const seconds = Date.parse(`${m[1]}${m[3]!.toUpperCase()}`) / 1000;
  return `${String(seconds).padStart(12, '0')}.${(m[2] ?? '').padEnd(9, '0')}`;
}

export interface PageRequest {
  /** Only lines strictly older than this time. */
  before?: string;
  /** Only lines at or after this time (the API server rounds sinceTime down to the second; this is exact). */
  since?: string;
  pageSize: number;
  /** Keep only lines this accepts (the text filter). */
  keep?: (line: TimedLine) => boolean;
  /** The lines read are the whole log since `since` (the answer held fewer lines than the tail asked for). */
  complete: boolean;
}

/**
 * The page: the last pageSize kept lines older than `before`, widened to hold every line of its first timestamp;
 * `more` when older lines exist. null when the lines read do not reach far enough back to tell: read a longer tail.
 */
export function pageBefore(
  lines: readonly TimedLine[],
  request: PageRequest,
): { lines: TimedLine[]; more: boolean } | null {
  const beforeKey = request.before ? timeKey(request.before) : null;
  const sinceKey = request.since ? timeKey(request.since) : null;
  const older = lines.filter((line) => {
    const key = timeKey(line.time);
    if (beforeKey !== null && !(key < beforeKey)) return false;
    if (sinceKey !== null && key < sinceKey) return false;
    return request.keep ? request.keep(line) : true;
  });
  if (older.length <= request.pageSize) return request.complete ? { lines: older, more: false } : null;
  let start = older.length - request.pageSize;
  const firstKey = timeKey(older[start]!.time);
  while (start > 0 && timeKey(older[start - 1]!.time) === firstKey) start--;
  // The first timestamp's lines may go on before what was read.
  if (start === 0 && !request.complete) return null;
  return { lines: older.slice(start), more: start > 0 || !request.complete };
}
