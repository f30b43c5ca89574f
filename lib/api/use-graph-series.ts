'use client';
import { graphSeriesRoute } from './graph-series.js';
import { useRoute } from './use-route.js';
import { useTimeControls } from './use-time-controls.js';

/** The side panel's charts for one node or edge (ids exactly as /api/graph returned them) over the shell's window. */
export function useGraphSeries(selected: { node: string } | { edge: string }, { enabled = true } = {}) {
  const { window } = useTimeControls();
  // No placeholder: another node's chart must not stand in while this one loads.
  return useRoute(graphSeriesRoute, { search: { ...selected, duration: window }, keepPrevious: false, enabled });
}
