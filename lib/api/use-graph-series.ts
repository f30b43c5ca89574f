'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson, toSearch } from './fetch-json.js';
import { graphSeriesResponse } from './graph-series.js';
import { useTimeControls } from './use-time-controls.js';

// No placeholder: another node's chart must not stand in while this one loads.
/** The side panel's charts for one node or edge (ids exactly as /api/graph returned them) over the shell's window. */
export function useGraphSeries(selected: { node: string } | { edge: string }, { enabled = true } = {}) {
  const { window, refreshMs } = useTimeControls();
  return useQuery({
    enabled,
    queryKey: ['graph-series', selected, { window }],
    queryFn: ({ signal }) =>
      fetchJson(`/api/graph/series?${toSearch({ ...selected, duration: window })}`, graphSeriesResponse, signal),
    refetchInterval: refreshMs ?? false,
  });
}
