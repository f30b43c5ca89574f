'use client';
import { istioConfigRoute, istioObjectRoute } from './istio-config.js';
import { useRoute } from './use-route.js';

export function useIstioConfig(params: { namespace?: string; kind?: string }) {
  return useRoute(istioConfigRoute, { search: params });
}

/** The object as the cluster stores it; no stand-in while another loads. */
export function useIstioObject(namespace: string, kind: string, name: string) {
  return useRoute(istioObjectRoute, { path: { ns: namespace, kind, name }, keepPrevious: false });
}
