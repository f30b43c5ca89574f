// Small wordings the "why" findings share: node names, figures, links to the console's pages. Server-side twins of
// the UI's helpers (server/ cannot import components/), kept to what the findings print.
import type { GraphNode } from '../../lib/api/graph.js';

export interface GraphLinkSettings {
  graphType: string;
  injectServiceNodes: boolean;
}

/** "sa-logic v2", "sa-webapp", "service sa-logic", as a person names a graph node. */
export function nodeWords(node: GraphNode | undefined, id: string): string {
  if (!node) return id === 'unknown' ? 'callers outside the mesh' : id;
  if (node.nodeType === 'app' && node.app) return node.version ? `${node.app} ${node.version}` : node.app;
  if (node.nodeType === 'workload' && node.workload) return node.workload;
  if (node.nodeType === 'service' && node.service) return `service ${node.service}`;
  if (node.nodeType === 'unknown') return 'callers outside the mesh';
  return node.service ?? node.app ?? node.workload ?? id;
}

/** The page of the node's app, workload or service; null for nodes that have none. */
export function nodePage(node: GraphNode | undefined): string | null {
  if (!node) return null;
  if (node.nodeType === 'app' && node.app) return pagePath(node.namespace, 'applications', node.app);
  if (node.nodeType === 'workload' && node.workload) return pagePath(node.namespace, 'workloads', node.workload);
  if (node.nodeType === 'service' && node.service) return pagePath(node.namespace, 'services', node.service);
  return null;
}

export const pagePath = (namespace: string, folder: string, name: string) =>
  `/namespaces/${encodeURIComponent(namespace)}/${folder}/${encodeURIComponent(name)}`;

export const istioObjectPage = (o: { namespace: string; kind: string; name: string }) =>
  `/namespaces/${encodeURIComponent(o.namespace)}/istio/${encodeURIComponent(o.kind)}/${encodeURIComponent(o.name)}`;

/** The graph page as the entity's one hop was cut from it, with one element selected (as the Traffic tab links). */
export function graphPage(settings: GraphLinkSettings, namespace: string, select: string): string {
  const params = new URLSearchParams({ namespaces: namespace, graphType: settings.graphType });
  if (!settings.injectServiceNodes) params.set('injectServiceNodes', 'false');
  params.set('select', select);
  return `/graph?${params.toString()}`;
}

export function percent(ratio: number): string {
  const p = ratio * 100;
  if (p === 0) return '0%';
  if (p < 0.1) return '<0.1%';
  return `${p < 10 ? p.toFixed(1) : Math.round(p)}%`;
}

export function rate(rps: number): string {
  return `${rps < 0.1 ? rps.toFixed(3) : rps < 10 ? rps.toFixed(2) : Math.round(rps)} rps`;
}

export function millis(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

/** "3 min" / "45 s" / "2 h": how far a time is from another. */
export function span(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  if (s < 90) return `${s} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}
