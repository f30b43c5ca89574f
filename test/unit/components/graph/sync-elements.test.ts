import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { syncElements } from '../../../../components/graph/sync-elements.js';
import { graphElements, type ElementOptions } from '../../../../components/graph/model/graph-elements.js';
import { edge, node } from './model/graph-fixtures.js';

const options: ElementOptions = { edgeLabels: 'none', latency: 'p95', appBoxes: true, securityBadges: false };
const webapp = node({ id: 'vapp:sa-webapp:v1', app: 'sa-webapp', version: 'v1' });
const logic = node({ id: 'vapp:sa-logic:v1', app: 'sa-logic', version: 'v1' });
const service = node({ id: 'svc:sa-logic', nodeType: 'service', service: 'sa-logic' });
const edges = [edge({ source: webapp.id, target: service.id }), edge({ source: service.id, target: logic.id })];

const drawn = (cy: cytoscape.Core) =>
  cy
    .elements()
    .map((el) => `${el.id()}${el.data('parent') ? ` in ${el.data('parent')}` : ''}`)
    .sort();

describe('syncing the canvas with the next graph', () => {
  it('takes versions out of their app boxes when the boxes go (a graph type change while the old graph is drawn)', () => {
    const cy = cytoscape({ headless: true });
    syncElements(cy, graphElements([webapp, logic, service], edges, options));
    expect(cy.nodes('.box')).toHaveLength(2);

    const unboxed = graphElements([webapp, logic, service], edges, { ...options, appBoxes: false });
    expect(() => syncElements(cy, unboxed)).not.toThrow();
    expect(drawn(cy)).toEqual(unboxed.map((el) => el.data.id).sort());
    expect(cy.getElementById(webapp.id).data('label')).toBe('sa-webapp\nv1');
  });

  it('puts versions back into boxes, and replaces one graph type by another without leftovers', () => {
    const cy = cytoscape({ headless: true });
    syncElements(cy, graphElements([webapp, logic, service], edges, { ...options, appBoxes: false }));
    const boxed = graphElements([webapp, logic, service], edges, options);
    const { topologyChanged } = syncElements(cy, boxed);
    expect(topologyChanged).toBe(true);
    expect(drawn(cy)).toContain(`${logic.id} in box:demo/sa-logic`);

    const serviceGraph = graphElements(
      [service, node({ id: 'svc:sa-webapp', nodeType: 'service', service: 'sa-webapp' })],
      [edge({ source: 'svc:sa-webapp', target: service.id })],
      options,
    );
    syncElements(cy, serviceGraph);
    expect(drawn(cy)).toEqual(serviceGraph.map((el) => el.data.id).sort());
  });
});
