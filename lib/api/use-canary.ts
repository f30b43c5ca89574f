'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { z } from 'zod';
import { routeUrl } from './api-route.js';
import {
  canaryActionRoute,
  canaryRoute,
  canaryRun,
  canaryRunsRoute,
  canaryStartRoute,
  type CanaryAction,
  type CanaryRun,
  type canaryStartBody,
} from './canary.js';
import { ApiError, postJson } from './fetch-json.js';
import { routeQuery } from './route-query.js';
import { trafficHistoryRoute, trafficRoutingRoute } from './traffic-change.js';
import { useRoute } from './use-route.js';
import { useTimeControls } from './use-time-controls.js';

type Service = { namespace: string; name: string };
const path = (s: Service) => ({ ns: s.namespace, name: s.name });

/** While a run progresses the page follows it step by step, whatever the shell's refresh (which may be off). */
export const PROGRESSING_POLL_MS = 2_000;

/**
 * The service's latest canary run; null when it never had one. Asked only once the namespace's list names a run of the
 * service: the run's own route answers 404 for "never had one", and a browser logs every 404 as a console error on
 * every service page. Not useRoute: a progressing run is polled every couple of seconds, faster than the shell's
 * refresh.
 */
export function useCanaryRun(service: Service, enabled = true) {
  const { refreshMs } = useTimeControls();
  const list = useCanaryRuns([service.namespace], enabled);
  const listed =
    list.data !== undefined &&
    (list.data.runs.some((r) => r.service === service.name) ||
      list.data.errors.some((e) => e.namespace === service.namespace));
  const query = routeQuery(canaryRoute, { path: path(service) });
  const run = useQuery<CanaryRun | null>({
    queryKey: query.queryKey,
    queryFn: async ({ signal }) => {
      try {
        return await query.queryFn({ signal });
      } catch (err) {
        // Deleted between the list and this read: as if it never was.
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
    // Also once a start or an action put a run in the cache, before the list has been read again.
    enabled: (q) => enabled && (listed || list.isError || q.state.data != null),
    refetchInterval: (q) =>
      q.state.data?.phase === 'progressing' || (q.state.data && writePending(q.state.data))
        ? PROGRESSING_POLL_MS
        : (refreshMs ?? false),
  });
  const none = list.data !== undefined && !listed && run.data == null;
  return {
    data: none ? null : run.data,
    error: run.error ?? (run.data === undefined ? list.error : null),
    isPending: none ? false : run.data === undefined && (list.isPending || run.isPending) && !list.isError,
    isFetching: list.isFetching || run.isFetching,
    refetch: () => Promise.all([list.refetch(), run.refetch()]),
  };
}

/** Decisions whose step writes the routing: the run is saved (claimed) before the write, and again after it. */
const WRITING: ReadonlySet<string> = new Set(['start', 'advance', 'rollback', 'promote', 'abort', 'promote-now']);
/** How long after a step a record without its write's entry is still asked for (a write with nothing to change has none). */
const WRITE_WAIT_MS = 30_000;

/**
 * A step's record is saved before its write and again after it (step-run.ts): a run that became final with that
 * first save (rolled back, promoted, aborted) is still asked for until the second, so the routing on screen follows.
 */
export function writePending(run: CanaryRun, nowMs = Date.now()): boolean {
  const last = run.steps.at(-1);
  return !!last && last.entryId === null && WRITING.has(last.decision) && nowMs - Date.parse(last.time) < WRITE_WAIT_MS;
}

/** The runs of these namespaces (their latest per service), for the graph's badges. */
export function useCanaryRuns(namespaces: string[], enabled = true) {
  return useRoute(canaryRunsRoute, {
    search: { namespaces: namespaces.join(',') },
    enabled: enabled && namespaces.length > 0,
  });
}

/** After every start or action: the run, the routing, the history, the graph and its badges read again. */
function useRefreshAfterCanaryWrite(service: Service) {
  const client = useQueryClient();
  return () => {
    for (const route of [canaryRoute.route, trafficRoutingRoute.route, trafficHistoryRoute.route])
      void client.invalidateQueries({ queryKey: [route, path(service)] });
    void client.invalidateQueries({ queryKey: [canaryRunsRoute.route] });
    void client.invalidateQueries({ queryKey: ['/api/graph'] });
  };
}

/** Starts a run (the server refuses a second one on the service with 409, bad fields with 400/422 naming them). */
export function useStartCanary(service: Service) {
  const refresh = useRefreshAfterCanaryWrite(service);
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof canaryStartBody>) =>
      postJson(routeUrl(canaryStartRoute.route, path(service)), body, canaryRun),
    // The answer is the run: on screen at once, before the refresh.
    onSuccess: (run) => client.setQueryData(routeQuery(canaryRoute, { path: path(service) }).queryKey, run),
    onSettled: refresh,
  });
}

/** Pause, resume, abort (back to the baseline) or promote now; the answer is the run after the action. */
export function useCanaryAction(service: Service) {
  const refresh = useRefreshAfterCanaryWrite(service);
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: CanaryAction) =>
      postJson(routeUrl(canaryActionRoute.route, { ...path(service), action }), {}, canaryRun),
    onSuccess: (run) => client.setQueryData(routeQuery(canaryRoute, { path: path(service) }).queryKey, run),
    onSettled: refresh,
  });
}

/**
 * The runner steps on the server: each new step is a traffic change the page did not make, so the routing, the
 * history, the graph and the badges read again when the run on screen changes (not on its first read).
 */
export function useFollowCanarySteps(service: Service, run: CanaryRun | null | undefined) {
  const refresh = useRefreshAfterCanaryWrite(service);
  const seen = useRef<string | null>(null);
  // The last step's entry id comes with the record saved after its write: the routing is read again then too.
  const stamp = run ? `${run.id}|${run.updatedAt}|${run.steps.length}|${run.steps.at(-1)?.entryId ?? ''}` : null;
  useEffect(() => {
    if (stamp === null) return;
    if (seen.current !== null && seen.current !== stamp) refresh();
    seen.current = stamp;
    // refresh is a new function each render; the stamp alone says when the run moved.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stamp]);
}
