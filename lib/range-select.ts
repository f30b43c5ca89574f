// Choosing a range (lib/time-range.ts) on the Metrics charts: from a drag, in either direction, or from two time
// inputs for the keyboard; and the range as the APIs take it (unix microseconds, as Jaeger does).
import type { TimeRange } from './time-range.js';

// A drag narrower than this is a click, not a range (a chart's point is seconds apart at the shortest window).
export const MIN_RANGE_SECONDS = 2;

/** The range between the two ends of a drag, whichever way it went; null for a click (no width). */
export function rangeFromDrag(startSeconds: number | undefined, endSeconds: number | undefined): TimeRange | null {
  if (startSeconds === undefined || endSeconds === undefined) return null;
  if (!Number.isFinite(startSeconds) || !Number.isFinite(endSeconds)) return null;
  const from = Math.floor(Math.min(startSeconds, endSeconds));
  const to = Math.ceil(Math.max(startSeconds, endSeconds));
  return to - from >= MIN_RANGE_SECONDS ? { from, to } : null;
}

/** The search parameters of a range (or of none: both removed). */
export function rangeSearch(range: TimeRange | null): { from: string | null; to: string | null } {
  return range ? { from: String(range.from), to: String(range.to) } : { from: null, to: null };
}

/** The range in unix microseconds, as the traces and "why" APIs take it. */
export function rangeMicros(range: TimeRange): { start: string; end: string } {
  return { start: String(range.from * 1_000_000), end: String(range.to * 1_000_000) };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A `datetime-local` input's value (local time, to the second) for unix seconds. */
export function toLocalInput(seconds: number): string {
  const d = new Date(seconds * 1000);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/**
 * The range two `datetime-local` inputs give (local time; seconds optional, as browsers drop `:00`), or why not in
 * words naming the field.
 */
export function rangeFromInputs(fromText: string, toText: string): TimeRange | { error: string } {
  const read = (text: string) => {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text)) return null;
    const ms = new Date(text).getTime();
    return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
  };
  const from = read(fromText);
  if (from === null) return { error: 'From: a date and time such as 2026-12-06T14:05:00' };
  const to = read(toText);
  if (to === null) return { error: 'To: a date and time such as 2026-12-06T14:20:00' };
  if (to - from < MIN_RANGE_SECONDS) return { error: `To must be at least ${MIN_RANGE_SECONDS} s after From` };
  return { from, to };
}
