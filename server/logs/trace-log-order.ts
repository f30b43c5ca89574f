// The order a trace's access-log lines are shown in.
import type { TraceLogLine } from '../../lib/api/logs.js';
import { timeKey } from './page-pod-log.js';

/**
 * In the order the requests started (the access log's START_TIME), as the trace's waterfall reads: the gateway's line
 * before the lines of the calls it made. A proxy writes its line when the request ends, so at the same start the line
 * written later is the outer request's and comes first.
 */
export function byRequestStart(a: TraceLogLine, b: TraceLogLine): number {
  const startA = timeKey(a.fields.startTime ?? a.time);
  const startB = timeKey(b.fields.startTime ?? b.time);
  if (startA !== startB) return startA < startB ? -1 : 1;
  const writtenA = timeKey(a.time);
  const writtenB = timeKey(b.time);
  return writtenA === writtenB ? 0 : writtenA > writtenB ? -1 : 1;
}
