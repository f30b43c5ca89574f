import type { KubeObject } from '../store/kube-object.js';
import { readManifests } from './read-manifests.js';

/** Where a client outside the cluster sends requests: the ingress gateway's Service, port http2. */
export const INGRESS_GATEWAY_HOST = 'istio-ingressgateway.istio-system.svc.cluster.local';
export const INGRESS_GATEWAY_PORT = 80;

/** istio-system as every scenario has it: istiod, the ingress gateway and the mesh config. */
export function istioSystemObjects(): KubeObject[] {
  return readManifests('istio-system');
}
