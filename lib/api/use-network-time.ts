'use client';
import { networkTimeRoute } from './network-time.js';
import { useRoute } from './use-route.js';
import { useTimeControls } from './use-time-controls.js';

/** One edge's network time from the traces of the shell's window, asked for only while the edge is selected. */
export function useNetworkTime(edgeId: string, { enabled = true } = {}) {
  const { window } = useTimeControls();
  return useRoute(networkTimeRoute, { search: { edge: edgeId, duration: window }, keepPrevious: false, enabled });
}
