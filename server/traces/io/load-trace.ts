// One trace by id, from whichever backend is configured; a 404 names the id.
import { z } from 'zod';
import { traceIdParam, type Trace } from '../../../lib/api/traces.js';
import { NotFoundError } from '../../errors.js';
import type { Sources } from '../../sources/sources.js';
import { visibleTrace } from '../visible-trace.js';
import { traceBackend } from './trace-backend.js';

export async function loadTrace(
  sources: Pick<Sources, 'jaeger' | 'tempo' | 'access'>,
  rawTraceId: string,
  signal?: AbortSignal,
): Promise<Trace> {
  // ZodError → 400 naming traceId and saying what a trace id is.
  const { traceId } = z.object({ traceId: traceIdParam }).parse({ traceId: rawTraceId });
  const found = await traceBackend(sources).get(traceId.toLowerCase(), signal);
  // A trace that crosses none of the person's namespaces answers as one that does not exist.
  const trace = found && visibleTrace(found, sources.access.visibleNamespaces());
  if (!trace) throw new NotFoundError(`trace ${traceId} was not found; it may be older than the tracing backend keeps`);
  return trace;
}
