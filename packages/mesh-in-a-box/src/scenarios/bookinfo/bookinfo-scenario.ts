import type { KubeObject } from '../../store/kube-object.js';
import type { Behaviour, OutboundCall } from '../../traffic/behaviour.js';
import { INGRESS_GATEWAY_HOST, INGRESS_GATEWAY_PORT, istioSystemObjects } from '../istio-system-objects.js';
import { annotatedBehaviour, labelOf } from '../pod-facts.js';
import { asKubectlApplied } from '../kubectl-applied.js';
import { applyOrder, readManifests } from '../read-manifests.js';
import type { Scenario } from '../scenario.js';

const get = (host: string, path: string, whenPathPrefix?: string): OutboundCall => ({
  host,
  port: 9080,
  protocol: 'http',
  method: 'GET',
  path,
  ...(whenPathPrefix ? { whenPathPrefix } : {}),
});

const RATINGS = get('ratings', '/ratings/0');

// productpage renders the page from details and reviews; reviews v1 shows no stars so it never asks ratings.
const BEHAVIOURS: Record<string, Behaviour> = {
  productpage: {
    latencyMs: { median: 12, p95: 40 },
    errorRatio: 0,
    calls: [get('details', '/details/0', '/productpage'), get('reviews', '/reviews/0', '/productpage')],
    responseBytes: { mean: 5_200 },
  },
  details: { latencyMs: { median: 2, p95: 6 }, errorRatio: 0, calls: [], responseBytes: { mean: 180 } },
  'reviews:v1': { latencyMs: { median: 6, p95: 18 }, errorRatio: 0, calls: [], responseBytes: { mean: 380 } },
  'reviews:v2': { latencyMs: { median: 7, p95: 20 }, errorRatio: 0, calls: [RATINGS], responseBytes: { mean: 440 } },
  'reviews:v3': { latencyMs: { median: 7, p95: 20 }, errorRatio: 0, calls: [RATINGS], responseBytes: { mean: 440 } },
  ratings: { latencyMs: { median: 2, p95: 5 }, errorRatio: 0, calls: [], responseBytes: { mean: 50 } },
};

/** Istio's Bookinfo sample in namespace bookinfo, with every DestinationRule and no reviews VirtualService. */
export function bookinfoScenario(): Scenario {
  // Istio's own objects come from its installer; the app's from `kubectl apply -f`, as the article does.
  const objects: KubeObject[] = [...istioSystemObjects(), ...asKubectlApplied(readManifests('bookinfo'))];
  return {
    name: 'bookinfo',
    description: "Istio's Bookinfo: productpage, details, reviews v1/v2/v3 and ratings in bookinfo",
    objects: applyOrder(objects),
    clients: [
      {
        name: 'readers',
        from: 'outside',
        host: INGRESS_GATEWAY_HOST,
        port: INGRESS_GATEWAY_PORT,
        rps: 3,
        requests: [{ method: 'GET', path: '/productpage', weight: 1 }],
      },
    ],
    behaviourFor: (pod) => {
      const app = labelOf(pod, 'app') ?? '';
      return BEHAVIOURS[`${app}:${labelOf(pod, 'version')}`] ?? BEHAVIOURS[app] ?? annotatedBehaviour(pod);
    },
  };
}
