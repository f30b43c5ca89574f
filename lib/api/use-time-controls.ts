'use client';
import { useSearchParams } from 'next/navigation';
import {
  TIME_WINDOWS,
  parseNamespaces,
  parseRefresh,
  parseWindow,
  refreshMs,
  servableWindows,
  servedWindow,
  windowChangeReason,
  type MetricsReach,
} from '../time-controls.js';
import { useHydrated } from '../use-hydrated.js';
import { usePrometheusStatus } from './use-prometheus-status.js';

/**
 * The shell's controls as the URL holds them; every data hook keys on the window and polls at the interval. The
 * window is the one Prometheus can serve: a link asking for more than it keeps gets the longest window it does keep,
 * on every page alike, and `windowChange` says so in words.
 */
export function useTimeControls() {
  const search = useSearchParams();
  const { data: fetched } = usePrometheusStatus();
  // What Prometheus said is read only after hydration: a part of the page that hydrates late (the header, on a slow
  // machine) would otherwise draw other windows than the server did, and React would throw that part away and draw
  // it again, losing what the person had clicked meanwhile.
  const hydrated = useHydrated();
  const status = hydrated ? fetched : undefined;
  const askedWindow = parseWindow(search.get('window'));
  // Until Prometheus has said (or when it does not say), every window is offered and the asked one is served.
  const reach: MetricsReach | null = status ?? null;
  const windows = reach ? servableWindows(reach) : [...TIME_WINDOWS];
  const window = servedWindow(askedWindow, windows);
  const refresh = parseRefresh(search.get('refresh'));
  return {
    window,
    askedWindow,
    windows,
    retentionSeconds: reach?.retentionSeconds ?? null,
    windowChange: reach ? windowChangeReason(askedWindow, window, reach) : null,
    refresh,
    refreshMs: refreshMs(refresh),
    namespaces: parseNamespaces(search.get('namespaces')),
  };
}
