'use client';
import { envoyDiffRoute, envoySectionRoute, type EnvoySection, type EnvoySectionQuery } from './envoy.js';
import { useRoute } from './use-route.js';

/** One page of a section of a pod's Envoy config; the server filters, sorts and pages. */
export function useEnvoySection(
  namespace: string,
  pod: string,
  section: EnvoySection,
  query: Partial<Record<keyof EnvoySectionQuery, string>>,
) {
  return useRoute(envoySectionRoute, { path: { ns: namespace, pod, section }, search: query });
}

/** The config difference between two pods of a workload; held until the user picks the other pod. */
export function useEnvoyDiff(namespace: string, pod: string, other: string | null) {
  return useRoute(envoyDiffRoute, {
    path: { ns: namespace, pod },
    search: { with: other ?? undefined },
    enabled: other !== null,
  });
}
