'use client';
import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import { useOptimistic, useTransition } from 'react';
import { useTimeControls } from '@/lib/api/use-time-controls';
import { formatSpan } from '@/lib/format';
import {
  REFRESH_INTERVALS,
  parseRefresh,
  parseWindow,
  refreshLabel,
  windowLabel,
  type RefreshInterval,
  type TimeWindow,
} from '@/lib/time-controls';
import { Icon } from '../ui/icon';
import { useHydrated } from '@/lib/use-hydrated';
import { useSetSearch } from './use-set-search';

const SELECT = 'rounded border border-slate-600 bg-slate-800 px-2 py-1 text-sm text-slate-100';

export function TimeControls() {
  const controls = useTimeControls();
  // The URL is the truth, but a navigation takes a moment: the pickers show the choice at once.
  const [{ window, refresh }, setShown] = useOptimistic(
    { window: controls.window, refresh: controls.refresh },
    (shown, change: Partial<{ window: TimeWindow; refresh: RefreshInterval }>) => ({ ...shown, ...change }),
  );
  const [, startTransition] = useTransition();
  const setSearchNow = useSetSearch();
  const setSearch = (change: { window: TimeWindow } | { refresh: RefreshInterval }) =>
    startTransition(() => {
      setShown(change);
      setSearchNow(change);
    });
  const queryClient = useQueryClient();
  const hydrated = useHydrated();
  // The server renders no fetch in flight; the spinner starts after hydration so both agree.
  const fetching = useIsFetching() > 0 && hydrated;
  const keeps = controls.retentionSeconds !== null ? `Prometheus keeps ${formatSpan(controls.retentionSeconds)}` : null;
  return (
    <div className="flex items-center gap-2">
      {/* Its room is kept while Prometheus has not said: text arriving would push the controls aside under a click
          already on its way, which then lands beside them (a lost click). */}
      <span id="metrics-retention" className="w-44 text-right text-xs whitespace-nowrap text-slate-400">
        {keeps}
      </span>
      <label className="sr-only" htmlFor="time-window">
        Time window
      </label>
      <select
        id="time-window"
        value={window}
        onChange={(e) => setSearch({ window: parseWindow(e.target.value) })}
        aria-describedby={keeps ? 'metrics-retention' : undefined}
        // A fixed width: the options narrowing to what Prometheus keeps must not move the controls beside it.
        className={`${SELECT} w-40`}
      >
        {controls.windows.map((w) => (
          <option key={w} value={w}>
            {windowLabel(w)}
          </option>
        ))}
      </select>
      <label className="sr-only" htmlFor="refresh-interval">
        Refresh interval
      </label>
      <select
        id="refresh-interval"
        value={refresh}
        onChange={(e) => setSearch({ refresh: parseRefresh(e.target.value) })}
        className={SELECT}
      >
        {REFRESH_INTERVALS.map((r) => (
          <option key={r} value={r}>
            {refreshLabel(r)}
          </option>
        ))}
      </select>
      <button
        type="button"
        onClick={() => void queryClient.invalidateQueries()}
        aria-label="Refresh now"
        title="Refresh now"
        className="rounded border border-slate-600 bg-slate-800 p-1.5 text-slate-100 hover:bg-slate-700"
      >
        <Icon name="refresh" className={`h-4 w-4 ${fetching ? 'animate-spin' : ''}`} />
      </button>
    </div>
  );
}
