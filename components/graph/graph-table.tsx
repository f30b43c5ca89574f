'use client';
import { useMemo } from 'react';
import type { GraphEdge, GraphNode } from '@/lib/api/graph';
import { formatPercent, formatRps } from '@/lib/format';
import { edgeRate, tlsText, nodeName, nodeTypeName } from './model/graph-labels';
import { DataTable } from '../ui/data-table';
import type { Column } from '../ui/table-column';
import { HealthStatusLabel } from '../ui/health-badge';

interface NodeRow {
  node: GraphNode;
  name: string;
  found: boolean;
}
interface EdgeRow {
  edge: GraphEdge;
  name: string;
  found: boolean;
}

const foundCell = (found: boolean) => (found ? <span className="font-medium text-purple-700">Found</span> : '');

/**
 * The drawn graph as two tables: what a screen reader (and a browser test) reads instead of the canvas. Selecting a
 * name here selects the element on the canvas and opens its side panel.
 */
export function GraphTable({
  nodes,
  edges,
  found,
  onSelect,
}: {
  nodes: GraphNode[];
  edges: GraphEdge[];
  found: Set<string>;
  onSelect: (id: string) => void;
}) {
  const names = useMemo(() => new Map(nodes.map((n) => [n.id, nodeName(n)])), [nodes]);
  const nodeRows = useMemo(
    () => nodes.map((node) => ({ node, name: nodeName(node), found: found.has(node.id) })),
    [nodes, found],
  );
  const edgeRows = useMemo(
    () =>
      edges.map((edge) => ({
        edge,
        name: `${names.get(edge.source) ?? edge.source} → ${names.get(edge.target) ?? edge.target}`,
        found: found.has(edge.id),
      })),
    [edges, names, found],
  );
  const nodeColumns = useMemo<Column<NodeRow>[]>(
    () => [
      {
        id: 'name',
        header: 'Node',
        rowHeader: true,
        sortValue: (r) => r.name,
        cell: (r) => (
          <button type="button" onClick={() => onSelect(r.node.id)} className="text-sky-700 hover:underline">
            {r.name}
          </button>
        ),
        width: 'minmax(12rem, 2fr)',
      },
      { id: 'type', header: 'Type', sortValue: (r) => nodeTypeName(r.node), cell: (r) => nodeTypeName(r.node) },
      { id: 'namespace', header: 'Namespace', sortValue: (r) => r.node.namespace, cell: (r) => r.node.namespace },
      {
        id: 'health',
        header: 'Health',
        cell: (r) => (r.node.health ? <HealthStatusLabel status={r.node.health.status} /> : '—'),
      },
      {
        id: 'in',
        header: 'Inbound',
        sortValue: (r) => r.node.traffic.inbound.rps,
        cell: (r) => formatRps(r.node.traffic.inbound.rps),
      },
      {
        id: 'errors',
        header: 'Inbound errors',
        sortValue: (r) => r.node.traffic.inbound.errorRatio,
        cell: (r) => formatPercent(r.node.traffic.inbound.errorRatio),
      },
      {
        id: 'found',
        header: 'Find',
        sortValue: (r) => Number(r.found),
        cell: (r) => foundCell(r.found),
        width: '5rem',
      },
    ],
    [onSelect],
  );
  const edgeColumns = useMemo<Column<EdgeRow>[]>(
    () => [
      {
        id: 'name',
        header: 'Edge',
        rowHeader: true,
        sortValue: (r) => r.name,
        cell: (r) => (
          <button type="button" onClick={() => onSelect(r.edge.id)} className="text-sky-700 hover:underline">
            {r.name}
          </button>
        ),
        width: 'minmax(16rem, 3fr)',
      },
      {
        id: 'protocol',
        header: 'Protocol',
        sortValue: (r) => r.edge.protocol,
        cell: (r) => r.edge.protocol.toUpperCase(),
      },
      { id: 'rate', header: 'Rate', sortValue: (r) => r.edge.rps, cell: (r) => edgeRate(r.edge) },
      {
        id: 'errors',
        header: 'Errors',
        sortValue: (r) => r.edge.errorRatio,
        cell: (r) => formatPercent(r.edge.errorRatio),
      },
      { id: 'mtls', header: 'Security', cell: (r) => tlsText(r.edge) },
      {
        id: 'found',
        header: 'Find',
        sortValue: (r) => Number(r.found),
        cell: (r) => foundCell(r.found),
        width: '5rem',
      },
    ],
    [onSelect],
  );
  return (
    <div className="space-y-4">
      <section aria-label="Nodes of the graph" className="space-y-1">
        <h2 className="text-sm font-semibold">Nodes</h2>
        <DataTable
          label="Nodes of the graph"
          rows={nodeRows}
          columns={nodeColumns}
          rowKey={(r) => r.node.id}
          // An operation's service too: "/health" alone says little when several services have one.
          filterText={(r) => `${r.name} ${r.node.namespace} ${r.node.service ?? ''}`.toLowerCase()}
          noun="nodes"
          initialSortId="name"
        />
      </section>
      <section aria-label="Edges of the graph" className="space-y-1">
        <h2 className="text-sm font-semibold">Edges</h2>
        <DataTable
          label="Edges of the graph"
          rows={edgeRows}
          columns={edgeColumns}
          rowKey={(r) => r.edge.id}
          filterText={(r) => r.name.toLowerCase()}
          noun="edges"
          initialSortId="name"
        />
      </section>
    </div>
  );
}
