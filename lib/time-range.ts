// The range a person picked inside the page's window (dragged on a chart), as the URL holds it: `?from=…&to=…` in
// unix seconds. The Metrics charts set it; the Traces and Logs tabs and the "why" summary narrow to it.

export interface TimeRange {
  from: number;
  to: number;
}

/** The range in these search parameters, or null when there is none or it is not a range (to after from). */
export function parseTimeRange(search: { get(name: string): string | null }): TimeRange | null {
  const from = Number(search.get('from'));
  const to = Number(search.get('to'));
  if (!search.get('from') || !search.get('to') || !Number.isFinite(from) || !Number.isFinite(to)) return null;
  return to > from ? { from, to } : null;
}
