'use client';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { routeUrl } from '@/lib/api/api-route';
import { fetchJson } from '@/lib/api/fetch-json';
import { podLogsRoute, type LogLine } from '@/lib/api/logs';
import { routeQuery } from '@/lib/api/route-query';
import type { TimeRange } from '@/lib/time-range';

export const PAGE_LINES = 200;
const FOLLOW_MS = 2_000;

export interface PodLogRequest {
  namespace: string;
  pod: string;
  /** undefined: the application's container (the server picks the first that is not istio-proxy). */
  container?: string;
  filter: string;
  range: TimeRange | null;
  follow: boolean;
  /** False: not shown, not fetched. */
  enabled: boolean;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/**
 * One container's log as pages: the newest page (polled while following), and older pages loaded on demand with
 * `before` = the oldest time shown, so the server never reads more than a page's tail. Loading older pages stops
 * following: the newest page would move on and leave a gap between it and them.
 */
export function usePodLog(request: PodLogRequest) {
  const { namespace, pod, container, filter, range, follow, enabled } = request;
  const sinceTime = range ? iso(range.from) : undefined;
  const until = range ? iso(range.to) : undefined;
  const search = useMemo(
    () => ({ container, tailLines: String(PAGE_LINES), filter: filter || undefined, sinceTime, before: until }),
    [container, filter, sinceTime, until],
  );
  // A polling rule of its own (follow), so routeQuery rather than useRoute's shell refresh.
  const newest = useQuery({
    ...routeQuery(podLogsRoute, { path: { ns: namespace, pod }, search }),
    enabled: enabled && pod !== '',
    refetchInterval: follow && !range ? FOLLOW_MS : false,
    retry: false,
  });
  // Older pages belong to the pod, container, filter and range they were read for: another starts from its newest.
  const source = useMemo(() => ({ namespace, pod, search }), [namespace, pod, search]);
  const [olderOf, setOlderOf] = useState<{ source: object; pages: { lines: LogLine[]; more: boolean }[] }>({
    source,
    pages: [],
  });
  const older = olderOf.source === source ? olderOf.pages : [];
  const [olderError, setOlderError] = useState<Error | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);

  const lines = [...older.flatMap((p) => p.lines), ...(newest.data?.lines ?? [])];
  const more = older.length > 0 ? older[0]!.more : (newest.data?.more ?? false);
  const oldest = lines[0]?.time ?? null;

  const loadOlder = useCallback(async () => {
    if (!oldest) return;
    setLoadingOlder(true);
    setOlderError(null);
    try {
      const page = await fetchJson(
        routeUrl(podLogsRoute.route, { ns: namespace, pod }, { ...search, before: oldest }),
        podLogsRoute.output,
      );
      // Older pages are kept oldest first.
      setOlderOf((o) => ({ source, pages: [page, ...(o.source === source ? o.pages : [])] }));
    } catch (err) {
      setOlderError(err as Error);
    } finally {
      setLoadingOlder(false);
    }
  }, [oldest, namespace, pod, search, source]);

  return {
    lines,
    more,
    /** The container read (the server names the application's when none was asked). */
    container: newest.data?.container ?? container,
    error: newest.error,
    isPending: newest.isPending,
    isFetching: newest.isFetching,
    refetch: newest.refetch,
    loadOlder,
    loadingOlder,
    olderError: olderOf.source === source ? olderError : null,
    hasOlderPages: older.length > 0,
  };
}
