// The neighbours graph's elements (pure): the one hop drawn as the graph page draws it.
import type { EntityTrafficResponse } from '../../lib/api/entity-traffic.js';
import { graphElements, type ElementDef } from '../graph/model/graph-elements.js';

/**
 * The elements of the one hop, drawn as the graph page draws them with rate labels. The entity is drawn selected. A
 * peer's health here would count only its traffic with the entity, so peers are drawn without one (the edges' colours
 * are whole: every series of an edge touching the entity is in the one hop).
 */
export function neighbourElements(traffic: EntityTrafficResponse): ElementDef[] {
  const entity = new Set(traffic.entityNodes);
  const nodes = traffic.nodes.map((n) => (entity.has(n.id) ? n : { ...n, health: null }));
  const defs = graphElements(nodes, [...traffic.inbound, ...traffic.outbound.filter((e) => !entity.has(e.target))], {
    edgeLabels: 'rate',
    latency: 'p95',
    appBoxes: false,
    securityBadges: false,
  });
  for (const def of defs) if (entity.has(def.data.id)) def.classes = `${def.classes} selected`;
  return defs;
}
