import type { Core } from 'cytoscape';
import type { ElementDef } from './model/graph-elements';

/**
 * Brings the canvas to `next` in place: removes what left, adds what is new, updates data and classes of the rest.
 * The layout needs to run again only when the topology changed.
 *
 * The order matters because cytoscape's remove() also removes the children of a removed compound and the edges of a
 * removed node: a version that leaves its app box (app boxes turned off, or the graph type changed while the old graph
 * was still drawn) must be moved out before the box goes, or it is gone when its data is updated.
 */
export function syncElements(cy: Core, next: ElementDef[]): { topologyChanged: boolean; added: string[] } {
  const ids = new Set(next.map((el) => el.data.id));
  const stale = cy.elements().filter((el) => !ids.has(el.id()));
  const added = next.filter((el) => cy.getElementById(el.data.id).empty());
  const reparented = next.filter((el) => {
    if (el.group !== 'nodes') return false;
    const existing = cy.getElementById(el.data.id);
    return existing.nonempty() && (existing.data('parent') ?? undefined) !== el.data.parent;
  });
  const fresh = new Set(added.map((el) => el.data.id));
  cy.batch(() => {
    // Parents first: cytoscape wants a compound to exist before its children are added or moved into it.
    cy.add(added.filter((el) => el.data['box'] === true));
    // move() keeps the node (and its edges) in place of remove and re-add; it needs the new parent to exist.
    for (const el of reparented) cy.getElementById(el.data.id).move({ parent: el.data.parent ?? null });
    stale.remove();
    cy.add(added.filter((el) => el.group === 'nodes' && el.data['box'] !== true));
    cy.add(added.filter((el) => el.group === 'edges'));
    for (const el of next) {
      if (fresh.has(el.data.id)) continue;
      const existing = cy.getElementById(el.data.id);
      if (existing.empty()) {
        // Removed with a stale parent or end after all: it comes back whole rather than half-updated.
        cy.add(el);
        continue;
      }
      // Each data() or classes() call restyles the element: on a 1,000-node refresh, touch only what changed.
      // id, source, target and parent are fixed once added; setting them again makes cytoscape warn.
      const { id: _id, source: _source, target: _target, parent: _parent, ...data } = el.data;
      const old = existing.data() as Record<string, unknown>;
      const changed: Record<string, unknown> = {};
      let any = false;
      for (const [key, value] of Object.entries(data)) {
        if (old[key] !== value) {
          changed[key] = value;
          any = true;
        }
      }
      if (any) existing.data(changed);
      if (existing.classes().join(' ') !== el.classes) existing.classes(el.classes);
    }
  });
  return {
    topologyChanged: stale.length > 0 || added.length > 0 || reparented.length > 0,
    added: added.map((el) => el.data.id),
  };
}
