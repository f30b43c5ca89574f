'use client';
import { useSearchParams } from 'next/navigation';
import { parseNamespaces, parseRefresh, parseWindow, refreshMs } from '../time-controls.js';

/** The shell's controls as the URL holds them; every data hook keys on the window and polls at the interval. */
export function useTimeControls() {
  const search = useSearchParams();
  const window = parseWindow(search.get('window'));
  const refresh = parseRefresh(search.get('refresh'));
  return {
    window,
    refresh,
    refreshMs: refreshMs(refresh),
    namespaces: parseNamespaces(search.get('namespaces')),
  };
}
