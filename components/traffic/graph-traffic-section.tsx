'use client';
import type { GraphNode } from '@/lib/api/graph';
import { TrafficPanel } from './traffic-panel';
import type { ServiceRef } from './use-traffic';

/**
 * The service whose routing a graph node stands for: a service node's own; an app or versioned-app node's by Istio's
 * convention that the app label names the service (as the article's apps do). Others (workloads, outsiders, groups)
 * route nothing of their own.
 */
export function serviceOfNode(node: GraphNode): ServiceRef | null {
  if (node.nodeType === 'service' && node.service) return { namespace: node.namespace, name: node.service };
  if (node.nodeType === 'app' && node.app) return { namespace: node.namespace, name: node.app };
  return null;
}

/** The traffic panel, compact, in the graph's side panel for a selected service (or app). */
export function GraphTrafficSection({ node }: { node: GraphNode }) {
  const service = serviceOfNode(node);
  if (!service) return null;
  return (
    <section aria-labelledby="graph-routing-heading" className="space-y-1 border-t border-slate-200 pt-2">
      <h3 id="graph-routing-heading" className="text-sm font-medium">
        Routing of service {service.name}
      </h3>
      <TrafficPanel key={`${service.namespace}/${service.name}`} service={service} compact />
    </section>
  );
}
