// The article's 90/10 canary of sa-logic applied to the shared mesh with kubectl, then the mesh's ground truth of a
// minute that starts after the change reached the traffic and was scraped: what the accuracy tests compare the
// console's figures with (the graph's, the Metrics tab's).
import type { TruthEdge } from '@sextant/mesh-in-a-box';
import { FIXTURES, kubectl } from './kubectl.js';

/** The canary's manifests under the fixtures' sentiment-analysis/, applied in this order. */
export const CANARY = ['kube/canary/sa-logic-v2.yaml', 'istio/sa-logic-vs-canary.yaml'];

// The truth's minute starts after the change; 68 s leaves the scrape interval and the rate window behind.
const SETTLE_MS = 68_000;

/**
 * Applies `manifests` (under the fixtures' sentiment-analysis/, or absolute paths; idempotent: another suite may have applied them already), waits out SETTLE_MS, and answers the
 * truth's edges of the minute ending at `at` (unix seconds), the instant the console is then asked about.
 */
export async function applyAndReadTruth(
  mesh: { kubeconfig: string; endpoints: Record<string, string> },
  manifests: readonly string[] = CANARY,
): Promise<{ at: number; truth: TruthEdge[] }> {
  for (const file of manifests)
    await kubectl(mesh.kubeconfig, [
      'apply',
      '-f',
      file.startsWith('/') ? file : `${FIXTURES}/sentiment-analysis/${file}`,
    ]);
  const appliedAt = Date.now();
  await new Promise((r) => setTimeout(r, Math.max(0, appliedAt + SETTLE_MS - Date.now())));
  const at = Math.floor(Date.now() / 1000) - 2;
  const answer = (await fetch(`${mesh.endpoints['truth']}/edges?window=60s&end=${at}`).then((r) => r.json())) as {
    edges: TruthEdge[];
  };
  return { at, truth: answer.edges };
}
