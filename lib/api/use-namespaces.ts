'use client';
import { namespacesRoute } from './namespaces.js';
import { useRoute } from './use-route.js';
import { useTimeControls } from './use-time-controls.js';

export function useNamespaces() {
  const { window } = useTimeControls();
  return useRoute(namespacesRoute, { search: { window } });
}
