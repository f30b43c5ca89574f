// The article's 90/10 canary of sa-logic (the v2 Deployment and the weighted VirtualService) as the browser test files
// apply it on the shared mesh, and undo it after, so that every other file finds the mesh as it expects: no v2, and
// sa-logic's VirtualService as it was.
import { trafficRoutingResponse } from '../../lib/api/traffic-change.js';
import { FIXTURES, kubectl } from '../helpers/kubectl.js';

export const V2 = `${FIXTURES}/sentiment-analysis/kube/canary/sa-logic-v2.yaml`;
export const VS_V1 = `${FIXTURES}/sentiment-analysis/istio/sa-logic-vs.yaml`;
export const DR = `${FIXTURES}/sentiment-analysis/istio/sa-logic-dr.yaml`;
const VS_CANARY = `${FIXTURES}/sentiment-analysis/istio/sa-logic-vs-canary.yaml`;

export interface AppliedCanary {
  /** Whether sa-logic had a VirtualService before: undo puts the v1 one back, else deletes the canary's. */
  vsExisted: boolean;
}

/**
 * Applies the canary (idempotent: another file may have applied it already). With `freshChange`, an existing
 * VirtualService goes back to v1 first, so that applying the canary is a change inside the test's window.
 */
export async function applyCanary(kubeconfig: string, { freshChange = false } = {}): Promise<AppliedCanary> {
  const vsExisted = (await kubectl(kubeconfig, ['get', 'virtualservices', '-n', 'demo', '-o', 'name'])).includes(
    'sa-logic',
  );
  if (freshChange && vsExisted) await kubectl(kubeconfig, ['apply', '-n', 'demo', '-f', VS_V1]);
  await kubectl(kubeconfig, ['apply', '-n', 'demo', '-f', V2]);
  await kubectl(kubeconfig, ['apply', '-n', 'demo', '-f', VS_CANARY]);
  return { vsExisted };
}

export async function undoCanary(kubeconfig: string, applied: AppliedCanary | undefined): Promise<void> {
  await kubectl(kubeconfig, ['delete', '-n', 'demo', '--ignore-not-found', '-f', V2]);
  if (applied?.vsExisted) await kubectl(kubeconfig, ['apply', '-n', 'demo', '-f', VS_V1]);
  else await kubectl(kubeconfig, ['delete', '-n', 'demo', '--ignore-not-found', '-f', VS_CANARY]);
}

/**
 * Asks `ready` once a second until it answers true (the console's API then holds what the page will draw), for at
 * most `seconds`; then fails with `failure`.
 */
export async function pollUntil(ready: () => Promise<boolean>, failure: string, seconds = 90): Promise<void> {
  for (let i = 0; i < seconds; i++) {
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(failure);
}

/**
 * The article's starting point for a change from the console: v2 deployed, its DestinationRule, the VirtualService
 * pinning everything to v1; then waits until the console's routing of sa-logic lists v2's pods at 100/0 (a panel
 * reads the routing once, with the refresh off).
 */
export async function v2PinnedToV1(kubeconfig: string, consoleUrl: string): Promise<void> {
  await kubectl(kubeconfig, ['apply', '-n', 'demo', '-f', V2]);
  await kubectl(kubeconfig, ['apply', '-n', 'demo', '-f', DR]);
  await kubectl(kubeconfig, ['apply', '-n', 'demo', '-f', VS_V1]);
  await pollUntil(async () => {
    const res = await fetch(`${consoleUrl}/api/namespaces/demo/services/sa-logic/traffic/routing`);
    if (!res.ok) return false;
    const routing = trafficRoutingResponse.parse(await res.json());
    return routing.versions.some((v) => v.name === 'v2' && v.pods > 0) && routing.weights?.['v1'] === 100;
  }, "the console's routing of sa-logic never listed v2's pods at 100/0 within 90 s");
}

/** Back to the article's objects, whatever a test left: the VirtualService at 100 % v1, its DestinationRule, no v2. */
export async function backToArticleRouting(kubeconfig: string): Promise<void> {
  await kubectl(kubeconfig, ['apply', '-n', 'demo', '-f', VS_V1]);
  await kubectl(kubeconfig, ['apply', '-n', 'demo', '-f', DR]);
  await kubectl(kubeconfig, ['delete', '-n', 'demo', '--ignore-not-found', '-f', V2]);
}
