import { describe, expect, it } from 'vitest';
import type { CanaryRunsResponse } from '../../../../../lib/api/canary.js';
import type { GraphNode } from '../../../../../lib/api/graph.js';
import { withCanaryBadges } from '../../../../../components/graph/model/canary-badges.js';
import type { ElementDef } from '../../../../../components/graph/model/graph-elements.js';

const NOW = 1_800_000_000;
const at = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();
type Run = CanaryRunsResponse['runs'][number];
const runOf = (patch: Partial<Run>): Run => ({
  namespace: 'demo',
  service: 'sa-logic',
  canary: 'v2',
  baseline: 'v1',
  phase: 'progressing',
  weight: 20,
  updatedAt: at(NOW - 5),
  ...patch,
});
const node = (id: string, patch: Partial<GraphNode>) => ({ id, namespace: 'demo', ...patch }) as GraphNode;
const def = (id: string, label: string): ElementDef => ({ group: 'nodes', data: { id, label }, classes: 'service' });

function badges(runs: Run[], nodes = [node('svc', { nodeType: 'service', service: 'sa-logic' })]) {
  const defs = nodes.map((n) => def(n.id, n.id));
  withCanaryBadges(defs, nodes, runs, NOW);
  return defs;
}

describe("a service's canary as a badge on its graph node", () => {
  it('adds the canary weight to the service node’s label and classes', () => {
    const [svc] = badges([runOf({})]);
    expect(svc!.data.label).toBe('svc\ncanary 20 %');
    expect(svc!.classes.split(' ')).toEqual(expect.arrayContaining(['canary', 'canary-progressing']));
  });

  it('says a recent rollback', () => {
    expect(badges([runOf({ phase: 'rolledBack', weight: 0 })])[0]!.data.label).toBe('svc\ncanary rolled back');
  });

  it('drops the badge of a run that finished more than an hour before the graph', () => {
    expect(badges([runOf({ phase: 'promoted', updatedAt: at(NOW - 3_700) })])[0]!.data.label).toBe('svc');
  });

  it('keeps the badge of a paused run however old', () => {
    expect(badges([runOf({ phase: 'paused', updatedAt: at(NOW - 86_400) })])[0]!.data.label).toBe(
      'svc\ncanary 20 % paused',
    );
  });

  it("puts the badge on the app's node when the graph draws no service node, never on a version's", () => {
    const nodes = [
      node('app', { nodeType: 'app', app: 'sa-logic' }),
      node('v2', { nodeType: 'app', app: 'sa-logic', version: 'v2' }),
    ];
    expect(badges([runOf({})], nodes).map((d) => d.data.label)).toEqual(['app\ncanary 20 %', 'v2']);
  });

  it('leaves another namespace’s service of the same name alone', () => {
    expect(badges([runOf({ namespace: 'shop' })])[0]!.data.label).toBe('svc');
  });
});
