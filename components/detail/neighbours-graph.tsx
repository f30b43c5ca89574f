'use client';
import dynamic from 'next/dynamic';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { useEntityTraffic } from '@/lib/api/use-entity-traffic';
import { useTimeControls } from '@/lib/api/use-time-controls';
import { windowLabel } from '@/lib/time-controls';
import { withControls } from '../ui/entity-link';
import { Empty, Loading, SourceDown } from '../ui/panel-message';
import type { EntityRef } from './entity-ref';
import { neighbourElements } from './neighbour-elements';
import { graphPath } from './traffic-rows';

// The graph page's own canvas (cytoscape, its stylesheet and layout worker): the same shapes, edge labels and colours.
const GraphCanvas = dynamic(() => import('../graph/graph-canvas').then((m) => m.GraphCanvas), {
  ssr: false,
  loading: () => <Loading>Loading the graph renderer…</Loading>,
});

/** One hop of the graph around an app, workload or service: its callers and callees. A click opens the full graph. */
export function NeighboursGraph({ entity }: { entity: EntityRef }) {
  const { window } = useTimeControls();
  const { data, error, isPending, refetch, isFetching } = useEntityTraffic(entity);
  const router = useRouter();
  const search = useSearchParams();
  const elements = useMemo(() => (data ? neighbourElements(data) : []), [data]);
  const open = useCallback(
    (id: string | null) => {
      if (!data) return;
      // The full graph of the entity's namespace, focused on what was clicked: an edge, a peer, or the entity.
      const focus = id ?? data.entityNodes[0];
      if (focus) router.push(withControls(graphPath(data, entity.namespace, focus), search));
    },
    [data, entity.namespace, router, search],
  );

  let body: React.ReactNode;
  if (isPending) body = <Loading>Loading the neighbours of {entity.name}…</Loading>;
  else if (!data)
    body = <p className="p-3 text-sm text-slate-600">Neighbours unavailable: {error?.message ?? 'no answer'}</p>;
  else if (data.metricsError)
    body = (
      <SourceDown what="Neighbours" reason={data.metricsError} retry={() => void refetch()} retrying={isFetching} />
    );
  else if (data.inbound.length + data.outbound.length === 0)
    body = (
      <Empty>
        No requests to or from {entity.name} in the {windowLabel(window).toLowerCase()}.
      </Empty>
    );
  else
    body = (
      <div className="h-72">
        <GraphCanvas
          elements={elements}
          layout="dagre"
          layoutKey={data.entityNodes.join(',')}
          webgl={false}
          label={`Callers and callees of ${entity.name}, ${windowLabel(window).toLowerCase()}`}
          onSelect={open}
        />
      </div>
    );
  return (
    <section aria-label="Neighbours" className="rounded border border-slate-200 bg-white p-3 shadow-sm">
      <h2 className="mb-2 text-sm font-semibold text-slate-800">
        Neighbours <span className="font-normal text-slate-500">(one hop; click to open the full graph there)</span>
      </h2>
      {body}
    </section>
  );
}
