import type { CanaryRunsResponse } from '../../../lib/api/canary.js';
import type { GraphNode } from '../../../lib/api/graph.js';
import type { ElementDef } from './graph-elements.js';

// A service's canary run as a badge on its node (pure, unit-tested): a line of the label ("canary 20 %", "canary
// rolled back") and classes the stylesheet colours. A finished run keeps its badge for an hour after its last step,
// long enough to be noticed, short enough that last week's promotion is not news.

type RunSummary = CanaryRunsResponse['runs'][number];

export const FINISHED_BADGE_SECONDS = 3_600;

/** "canary 20 %", "canary 20 % paused", "canary promoted", "canary rolled back", "canary aborted". */
export function canaryBadgeText(run: Pick<RunSummary, 'phase' | 'weight'>): string {
  switch (run.phase) {
    case 'progressing':
      return `canary ${run.weight} %`;
    case 'paused':
      return `canary ${run.weight} % paused`;
    case 'promoted':
      return 'canary promoted';
    case 'rolledBack':
      return 'canary rolled back';
    case 'aborted':
      return 'canary aborted';
  }
}

/**
 * Adds each run's badge to its service's node: the service node where the graph draws services, else the app node of
 * the same name (an app graph without service nodes). `nowSeconds` is the graph's own time (its answer's timestamp).
 */
export function withCanaryBadges(defs: ElementDef[], nodes: GraphNode[], runs: RunSummary[], nowSeconds: number): void {
  if (runs.length === 0) return;
  const runOf = new Map<string, RunSummary>();
  for (const run of runs) {
    const finished = run.phase !== 'progressing' && run.phase !== 'paused';
    if (finished && nowSeconds - Date.parse(run.updatedAt) / 1000 > FINISHED_BADGE_SECONDS) continue;
    runOf.set(`${run.namespace}/${run.service}`, run);
  }
  if (runOf.size === 0) return;
  const serviceNodes = new Map<string, string>();
  const appNodes = new Map<string, string>();
  for (const node of nodes) {
    if (node.nodeType === 'service' && node.service) serviceNodes.set(node.id, `${node.namespace}/${node.service}`);
    if (node.nodeType === 'app' && node.app && node.version === undefined)
      appNodes.set(node.id, `${node.namespace}/${node.app}`);
  }
  const drawnServices = new Set(serviceNodes.values());
  for (const def of defs) {
    if (def.group !== 'nodes') continue;
    let key = serviceNodes.get(def.data.id);
    if (key === undefined) {
      const app = appNodes.get(def.data.id);
      key = app !== undefined && !drawnServices.has(app) ? app : undefined;
    }
    const run = key === undefined ? undefined : runOf.get(key);
    if (!run) continue;
    def.data.label = `${def.data.label}\n${canaryBadgeText(run)}`;
    def.data['canary'] = canaryBadgeText(run);
    def.classes = `${def.classes} canary canary-${run.phase}`;
  }
}
