'use client';
import { traceLogsRoute } from './logs.js';
import { useRoute } from './use-route.js';

/** The access-log lines of one trace in every proxy it crossed (null: no trace chosen, nothing fetched). */
export function useTraceLogs(traceId: string | null) {
  return useRoute(traceLogsRoute, { path: { traceId: traceId ?? '' }, enabled: traceId !== null });
}
