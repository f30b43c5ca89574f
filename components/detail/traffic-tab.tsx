'use client';
import { useMemo } from 'react';
import type { EntityTrafficResponse } from '@/lib/api/entity-traffic';
import { useEntityTraffic } from '@/lib/api/use-entity-traffic';
import { useTimeControls } from '@/lib/api/use-time-controls';
import { formatDuration, formatPercent } from '@/lib/format';
import { windowLabel } from '@/lib/time-controls';
import { edgeRate, tlsText } from '../graph/model/graph-labels';
import { DataTable } from '../ui/data-table';
import { EntityLink } from '../ui/entity-link';
import { Failure, Loading, RefreshFailed, SourceDown } from '../ui/panel-message';
import type { Column } from '../ui/table-column';
import type { EntityRef } from './entity-ref';
import { EDGE_HEALTH_RANK, trafficRows, type EdgeHealth, type TrafficRow } from './traffic-rows';

const HEALTH_LOOK: Record<EdgeHealth, string> = {
  Healthy: 'text-emerald-700',
  Degraded: 'text-amber-700',
  Failure: 'text-red-700',
  Idle: 'text-slate-500',
  TCP: 'text-sky-700',
};

function columns(direction: 'inbound' | 'outbound'): Column<TrafficRow>[] {
  return [
    {
      id: 'peer',
      header: direction === 'inbound' ? 'From' : 'To',
      rowHeader: true,
      cell: (r) => (
        <span className="inline-flex items-baseline gap-1.5">
          {r.peerPath ? <EntityLink path={r.peerPath}>{r.peerName}</EntityLink> : r.peerName}
          <span className="text-xs text-slate-500">
            {r.peerKind}
            {r.peer && r.peer.namespace !== 'unknown' ? ` · ${r.peer.namespace}` : ''}
          </span>
        </span>
      ),
      sortValue: (r) => r.peerName,
    },
    {
      id: 'protocol',
      header: 'Protocol',
      cell: (r) => r.edge.protocol.toUpperCase(),
      sortValue: (r) => r.edge.protocol,
    },
    {
      id: 'rate',
      header: 'Rate',
      cell: (r) => edgeRate(r.edge),
      // TCP edges carry bytes, not requests: they sort by their bytes among themselves, after the request edges.
      sortValue: (r) => (r.edge.protocol === 'tcp' ? (r.edge.bps ?? 0) / 1e12 : r.edge.rps),
    },
    {
      id: 'errors',
      header: 'Error ratio',
      cell: (r) => formatPercent(r.edge.errorRatio),
      sortValue: (r) => r.edge.errorRatio,
    },
    { id: 'p95', header: 'p95', cell: (r) => formatDuration(r.edge.p95), sortValue: (r) => r.edge.p95 ?? -1 },
    {
      id: 'mtls',
      header: 'mTLS',
      cell: (r) => tlsText(r.edge),
      sortValue: (r) => r.edge.mtlsRatio ?? -1,
    },
    {
      id: 'health',
      header: 'Health',
      cell: (r) => <span className={HEALTH_LOOK[r.health]}>{r.health}</span>,
      sortValue: (r) => EDGE_HEALTH_RANK[r.health],
    },
    {
      id: 'graph',
      header: 'Graph',
      cell: (r) => (
        <EntityLink
          path={r.graphPath}
          label={`Show the edge ${direction === 'inbound' ? 'from' : 'to'} ${r.peerName} on the graph`}
        >
          Show on graph
        </EntityLink>
      ),
    },
  ];
}

const filterText = (r: TrafficRow) =>
  `${r.peerName} ${r.peerKind} ${r.peer?.namespace ?? ''} ${r.edge.protocol}`.toLowerCase();

function Direction({
  traffic,
  entity,
  direction,
}: {
  traffic: EntityTrafficResponse;
  entity: EntityRef;
  direction: 'inbound' | 'outbound';
}) {
  const rows = useMemo(() => trafficRows(traffic, entity.namespace, direction), [traffic, entity.namespace, direction]);
  const cols = useMemo(() => columns(direction), [direction]);
  const title = direction === 'inbound' ? 'Inbound' : 'Outbound';
  return (
    <section aria-label={`${title} traffic`} className="space-y-2">
      <h2 className="text-sm font-semibold text-slate-800">
        {title} <span className="font-normal text-slate-500">({direction === 'inbound' ? 'callers' : 'callees'})</span>
      </h2>
      {rows.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 bg-white p-3 text-sm text-slate-600">
          No {direction} traffic in the window.
        </p>
      ) : (
        <DataTable
          label={`${title} traffic of ${entity.name}`}
          rows={rows}
          columns={cols}
          rowKey={(r) => r.edge.id}
          filterText={filterText}
          noun={`${direction} edges`}
        />
      )}
    </section>
  );
}

/** Inbound and outbound traffic of one app, workload or service as sortable tables, over the page's window. */
export function TrafficTab({ entity }: { entity: EntityRef }) {
  const { window } = useTimeControls();
  const { data, error, isPending, refetch, isFetching } = useEntityTraffic(entity);
  if (isPending) return <Loading>Loading the traffic of {entity.name}…</Loading>;
  if (!data) return <Failure what="Traffic" error={error} />;
  if (data.metricsError)
    return <SourceDown what="Traffic" reason={data.metricsError} retry={() => void refetch()} retrying={isFetching} />;
  return (
    <div className="space-y-4">
      {error && <RefreshFailed error={error} />}
      <p className="text-xs text-slate-500">
        As the graph draws it, {windowLabel(window).toLowerCase()}: rates and error ratios are averages over the window.
      </p>
      <Direction traffic={data} entity={entity} direction="inbound" />
      <Direction traffic={data} entity={entity} direction="outbound" />
    </div>
  );
}
