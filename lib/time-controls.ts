// The shell's time window and refresh interval, as they appear in the URL (`?window=5m&refresh=15s`).
import { durationSeconds } from './duration.js';
import { formatSpan } from './format.js';

export const TIME_WINDOWS = ['1m', '5m', '10m', '30m', '1h', '3h', '6h', '12h', '1d'] as const;
export const REFRESH_INTERVALS = ['off', '10s', '15s', '30s', '1m'] as const;

export type TimeWindow = (typeof TIME_WINDOWS)[number];
export type RefreshInterval = (typeof REFRESH_INTERVALS)[number];

export const DEFAULT_WINDOW: TimeWindow = '5m';
export const DEFAULT_REFRESH: RefreshInterval = '15s';

export function parseWindow(raw: string | null | undefined): TimeWindow {
  return TIME_WINDOWS.find((w) => w === raw) ?? DEFAULT_WINDOW;
}

export function parseRefresh(raw: string | null | undefined): RefreshInterval {
  return REFRESH_INTERVALS.find((r) => r === raw) ?? DEFAULT_REFRESH;
}

/** Milliseconds between refreshes; null when refresh is off. */
export function refreshMs(refresh: RefreshInterval): number | null {
  const seconds = refresh === 'off' ? null : durationSeconds(refresh);
  return seconds === null ? null : seconds * 1000;
}

/** `demo,keycloak` → ['demo', 'keycloak']; empty means every namespace. */
export function parseNamespaces(raw: string | null | undefined): string[] {
  if (!raw) return [];
  return [...new Set(raw.split(',').map((s) => s.trim()))].filter((s) => s.length > 0);
}

const WINDOW_LABELS: Record<TimeWindow, string> = {
  '1m': 'Last 1 minute',
  '5m': 'Last 5 minutes',
  '10m': 'Last 10 minutes',
  '30m': 'Last 30 minutes',
  '1h': 'Last 1 hour',
  '3h': 'Last 3 hours',
  '6h': 'Last 6 hours',
  '12h': 'Last 12 hours',
  '1d': 'Last 1 day',
};

/** What the Prometheus behind the console can serve; null where it does not say. */
export interface MetricsReach {
  retentionSeconds: number | null;
  scrapeIntervalSeconds: number | null;
}

/**
 * The windows worth offering: no longer than Prometheus keeps samples (a longer rate() silently averages over less
 * than it says), and holding at least two scrapes (rate() needs two samples). Never empty.
 */
export function servableWindows(reach: MetricsReach): TimeWindow[] {
  const fits = (w: TimeWindow) => {
    const seconds = durationSeconds(w)!;
    if (reach.retentionSeconds !== null && seconds > reach.retentionSeconds) return false;
    return reach.scrapeIntervalSeconds === null || seconds >= 2 * reach.scrapeIntervalSeconds;
  };
  const offered = TIME_WINDOWS.filter(fits);
  if (offered.length > 0) return offered;
  // Scrapes further apart than it keeps samples: the shortest window is the least wrong.
  return [TIME_WINDOWS[0]];
}

/** The window a page shows for the one asked: the asked one when offered, else the nearest offered one. */
export function servedWindow(asked: TimeWindow, offered: readonly TimeWindow[]): TimeWindow {
  if (offered.includes(asked)) return asked;
  const askedSeconds = durationSeconds(asked)!;
  const shorter = offered.filter((w) => durationSeconds(w)! < askedSeconds);
  return shorter.length > 0 ? shorter[shorter.length - 1]! : offered[0]!;
}

/** Why the page shows another window than the URL asks for, in words; null when it shows the one asked. */
export function windowChangeReason(asked: TimeWindow, served: TimeWindow, reach: MetricsReach): string | null {
  if (asked === served) return null;
  const askedSeconds = durationSeconds(asked)!;
  const showing = `showing the ${windowLabel(served).toLowerCase()}`;
  if (reach.retentionSeconds !== null && askedSeconds > reach.retentionSeconds)
    return `The link asks for the ${windowLabel(asked).toLowerCase()}, but Prometheus keeps ${formatSpan(reach.retentionSeconds)}: ${showing}.`;
  if (reach.scrapeIntervalSeconds !== null)
    return `The link asks for the ${windowLabel(asked).toLowerCase()}, but Prometheus scrapes every ${formatSpan(reach.scrapeIntervalSeconds)} and a rate needs two scrapes: ${showing}.`;
  return null;
}

export function windowLabel(window: TimeWindow): string {
  return WINDOW_LABELS[window];
}

export function refreshLabel(refresh: RefreshInterval): string {
  return refresh === 'off' ? 'Refresh off' : `Every ${refresh}`;
}

/** The query string a link or the shell writes: only the controls that differ from their defaults, plus `extra`. */
export function withControls(
  current: URLSearchParams | Record<string, string | undefined>,
  changes: Record<string, string | null>,
): string {
  const params =
    current instanceof URLSearchParams
      ? new URLSearchParams(current)
      : new URLSearchParams(Object.entries(current).filter((e): e is [string, string] => e[1] !== undefined));
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === '') params.delete(key);
    else params.set(key, value);
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}
