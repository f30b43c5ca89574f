import { describe, expect, it } from 'vitest';
import { appGroupId, groupGraph, namespaceGroupId } from '../../../../../components/graph/model/graph-group.js';
import { pathThrough } from '../../../../../components/graph/model/graph-path.js';
import { parseFind } from '../../../../../components/graph/model/graph-find.js';
import { graphView } from '../../../../../components/graph/model/graph-view.js';
import { edge, node } from './graph-fixtures.js';

const gw = node({ id: 'gw', namespace: 'istio-system', nodeType: 'workload', workload: 'gateway', isRoot: true });
const web = node({ id: 'web', app: 'webapp', version: 'v1' });
const v1 = node({ id: 'v1', app: 'logic', version: 'v1' });
const v2 = node({ id: 'v2', app: 'logic', version: 'v2' });
const db = node({ id: 'db', namespace: 'data', app: 'db', version: 'v1' });
const nodes = [gw, web, v1, v2, db];
const edges = [
  edge({ source: 'gw', target: 'web', rps: 10 }),
  edge({ source: 'web', target: 'v1', rps: 9, share: 0.9 }),
  edge({ source: 'web', target: 'v2', rps: 1, errorRatio: 0.5, share: 0.1 }),
  edge({ source: 'v1', target: 'db', rps: 3 }),
  edge({ source: 'v2', target: 'db', rps: 1 }),
];

describe('grouping a large graph', () => {
  it('draws one node per namespace with the traffic between namespaces summed', () => {
    const g = groupGraph(nodes, edges, { namespaces: new Set(), apps: new Set() });
    expect(g.nodes.map((n) => n.id).sort()).toEqual(
      [namespaceGroupId('data'), namespaceGroupId('demo'), namespaceGroupId('istio-system')].sort(),
    );
    expect(g.members.get(namespaceGroupId('demo'))).toBe(3);
    const toData = g.edges.find((e) => e.target === namespaceGroupId('data'))!;
    expect(toData.rps).toBe(4);
    expect(g.edges).toHaveLength(2); // traffic inside demo is inside its group
  });

  it('opens a namespace into its apps, then an app into its versions', () => {
    const byApp = groupGraph(nodes, edges, { namespaces: new Set(['demo']), apps: new Set() });
    const logic = appGroupId('demo', 'logic');
    expect(byApp.members.get(logic)).toBe(2);
    const intoLogic = byApp.edges.find((e) => e.target === logic)!;
    expect(intoLogic.rps).toBe(10);
    expect(intoLogic.errorRatio).toBeCloseTo(0.05);
    const open = groupGraph(nodes, edges, {
      namespaces: new Set(['demo']),
      apps: new Set(['demo/logic', 'demo/webapp']),
    });
    expect(open.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['web', 'v1', 'v2']));
    expect(open.edges.find((e) => e.source === 'web' && e.target === 'v2')!.errorRatio).toBe(0.5);
  });
});

describe('the path view', () => {
  it('keeps everything upstream and downstream of the selected node and nothing beside it', () => {
    const path = pathThrough(edges, { node: 'v2' });
    expect([...path.nodes].sort()).toEqual(['db', 'gw', 'v2', 'web']);
    expect(path.edges.has('web->v1')).toBe(false);
    expect(path.edges.has('v2->db')).toBe(true);
  });
});

describe('the drawn view', () => {
  it('hides what the hide expression matches, with the edges of hidden nodes and nodes left without edges', () => {
    const hide = parseFind('version = v2');
    if (!hide.ok) throw new Error(hide.error);
    const view = graphView({ nodes, edges, hide: hide.expr, find: null, expansion: null });
    expect(view.nodes.map((n) => n.id)).toEqual(['gw', 'web', 'v1', 'db']);
    expect(view.edges.map((e) => e.id)).toEqual(['gw->web', 'web->v1', 'v1->db']);
    expect(view.hiddenCount).toBe(3);
  });

  it('marks exactly the elements the find expression matches', () => {
    const find = parseFind('%error > 1');
    if (!find.ok) throw new Error(find.error);
    const view = graphView({ nodes, edges, hide: null, find: find.expr, expansion: null });
    expect([...view.found]).toEqual(['web->v2']);
  });
});
