'use client';
import type { Core } from 'cytoscape';
import dynamic from 'next/dynamic';
import { useSearchParams } from 'next/navigation';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { GraphType } from '@/lib/api/graph';
import { useCanaryRuns } from '@/lib/api/use-canary';
import { useGraph, type GraphParams } from '@/lib/api/use-graph';
import { useTimeControls } from '@/lib/api/use-time-controls';
import { plural } from '@/lib/format';
import { withCanaryBadges } from './model/canary-badges';
import { graphElements } from './model/graph-elements';
import { parseFind } from './model/graph-find';
import { appGroupId, namespaceGroupId, type Expansion } from './model/graph-group';
import { isOperationNode, nodeName } from './model/graph-labels';
import { optionsFromSearch, optionsToSearch, servableCompareOffsets, type GraphOptions } from './model/graph-options';
import { pathThrough } from './model/graph-path';
import { graphView } from './model/graph-view';
import { durationSeconds } from '@/lib/duration';
import { windowLabel } from '@/lib/time-controls';
import { useSetSearch } from '../shell/use-set-search';
import { Empty, Failure, Loading, RefreshFailed } from '../ui/panel-message';
import { FindBar } from './find-bar';
import type { LayoutDone } from './graph-canvas';
import { exportJson, exportPng } from './graph-export';
import { GraphLegend } from './graph-legend';
import { GROUP_ABOVE_NODES, COSE_SLOW_ABOVE_NODES, parseGraphType } from './graph-options';
import { GraphTable } from './graph-table';
import { GraphToolbar } from './graph-toolbar';
import { EdgeDetails, NodeDetails, SidePanel } from './side-panel';
import { useWebgl } from './use-webgl';

// cytoscape draws on a canvas: nothing to render on the server, and its code loads after the page's.
const GraphCanvas = dynamic(() => import('./graph-canvas').then((m) => m.GraphCanvas), {
  ssr: false,
  loading: () => <Loading>Loading the graph renderer…</Loading>,
});
const MiniMap = dynamic(() => import('./mini-map').then((m) => m.MiniMap), { ssr: false });
const TrafficAnimation = dynamic(() => import('./traffic-animation').then((m) => m.TrafficAnimation), { ssr: false });

const NO_EXPANSION: Expansion = { namespaces: new Set(), apps: new Set() };

export function GraphPanel({ namespaces }: { namespaces: string[] }) {
  const search = useSearchParams();
  const setSearch = useSetSearch();
  const { window, retentionSeconds } = useTimeControls();
  const graphType = parseGraphType(search.get('graphType'));
  const [options, setOptions] = useState<GraphOptions>(() => optionsFromSearch(new URLSearchParams(search.toString())));
  const changeOptions = useCallback((change: Partial<GraphOptions>) => setOptions((o) => ({ ...o, ...change })), []);
  // A link to the page, or a reload, opens the graph drawn as it is now. Every option is written each time, from the
  // state: two changes in a row each start a navigation from the URL as it was, and the second would drop the first.
  useEffect(() => {
    const wanted = optionsToSearch(options);
    if (Object.entries(wanted).some(([key, value]) => search.get(key) !== value)) setSearch(wanted);
  }, [options, search, setSearch]);
  // A link may carry them (`?hide=rps < 0.1`): a large graph then opens already filtered.
  const [find, setFind] = useState(() => search.get('find') ?? '');
  const [hide, setHide] = useState(() => search.get('hide') ?? '');
  // A link may select a node or an edge (`?select=<id>`, as the detail pages' Traffic tabs link their edges): it opens
  // with that element's side panel.
  const [selectedId, setSelectedId] = useState<string | null>(() => search.get('select'));
  const [expansion, setExpansion] = useState<Expansion>(NO_EXPANSION);
  const [layoutDone, setLayoutDone] = useState<LayoutDone | null>(null);
  const [cy, setCy] = useState<Core | null>(null);
  const [fitRequest, setFitRequest] = useState(0);
  const cyRef = useRef<Core | null>(null);
  // Load cytoscape and start the layout worker while the graph loads: both are ready when it arrives (on 1,000
  // nodes that saves about a second between the answer and the drawing).
  useEffect(() => {
    void import('./graph-canvas');
    void import('./layout-worker-client').then((m) => m.layoutWorker());
  }, []);
  const onReady = useCallback((instance: Core | null) => {
    cyRef.current = instance;
    setCy(instance);
  }, []);

  // A link may ask to compare with a time Prometheus no longer keeps: that comparison is not drawn, nor offered.
  const compareOffsets = servableCompareOffsets(durationSeconds(window) ?? 0, retentionSeconds);
  const compareOffset =
    options.compareOffset && compareOffsets.includes(options.compareOffset) ? options.compareOffset : '';
  const params: GraphParams = {
    namespaces,
    graphType,
    injectServiceNodes: options.injectServiceNodes,
    operationNodes: options.operationNodes,
    includeIdle: options.includeIdle,
    latency: options.edgeLabels === 'responseTime' ? [options.latency] : [],
    ...(compareOffset ? { compareOffset } : {}),
  };
  const { data, error, isPending, isFetching } = useGraph(params);
  // The canaries of the namespaces drawn (the page's, or every one the graph shows when it shows all), as badges.
  const drawnNamespaces = useMemo(() => [...new Set(data?.nodes.map((n) => n.namespace))].sort(), [data]);
  const { data: canaries } = useCanaryRuns(drawnNamespaces);

  const findText = useDeferredValue(find);
  const hideText = useDeferredValue(hide);
  const findResult = useMemo(() => (findText.trim() ? parseFind(findText) : null), [findText]);
  const hideResult = useMemo(() => (hideText.trim() ? parseFind(hideText) : null), [hideText]);
  const findExpr = findResult?.ok ? findResult.expr : null;
  const hideExpr = hideResult?.ok ? hideResult.expr : null;

  // What the canvas draws is the answer it has: right after a graph type change that is still the old type's graph
  // (kept on screen while the new one loads), and it must be drawn as that type until the new answer replaces it.
  const drawnType = data?.graphType ?? graphType;
  const grouped =
    options.grouping === 'on' || (options.grouping === 'auto' && (data?.nodes.length ?? 0) > GROUP_ABOVE_NODES);
  const view = useMemo(
    () =>
      data
        ? graphView({
            nodes: data.nodes,
            edges: data.edges,
            hide: hideExpr,
            find: findExpr,
            expansion: grouped ? expansion : null,
          })
        : null,
    [data, hideExpr, findExpr, grouped, expansion],
  );
  const nodesById = useMemo(() => new Map(view?.nodes.map((n) => [n.id, n]) ?? []), [view]);
  const edgesById = useMemo(() => new Map(view?.edges.map((e) => [e.id, e]) ?? []), [view]);
  const selectedNode = selectedId ? nodesById.get(selectedId) : undefined;
  const selectedEdge = selectedId ? edgesById.get(selectedId) : undefined;

  const path = useMemo(() => {
    if (!options.path || !view || (!selectedNode && !selectedEdge)) return null;
    return pathThrough(view.edges, selectedNode ? { node: selectedNode.id } : { edge: selectedEdge! });
  }, [options.path, view, selectedNode, selectedEdge]);

  const elements = useMemo(() => {
    if (!view || !data) return [];
    const defs = graphElements(view.nodes, view.edges, {
      edgeLabels: options.edgeLabels,
      latency: options.latency,
      appBoxes: options.appBoxes && drawnType === 'versionedApp',
      securityBadges: options.securityBadges,
      members: view.members,
      removedEdges: data.removedEdges,
    });
    withCanaryBadges(defs, view.nodes, canaries?.runs ?? [], data.timestamp);
    for (const def of defs) {
      const id = def.data.id;
      const extra: string[] = [];
      if (view.found.has(id)) extra.push('found');
      if (path && def.data['box'] !== true && !path.nodes.has(id) && !path.edges.has(id)) extra.push('dimmed');
      if (id === selectedId) extra.push('selected');
      if (extra.length > 0) def.classes = `${def.classes} ${extra.join(' ')}`;
    }
    return defs;
  }, [
    view,
    data,
    options.edgeLabels,
    options.latency,
    options.appBoxes,
    options.securityBadges,
    drawnType,
    path,
    selectedId,
    canaries,
  ]);

  const webgl = useWebgl(options.renderer, elements.length);

  const expand = useCallback(
    (id: string) => {
      const node = nodesById.get(id);
      if (!node || node.nodeType !== 'aggregate' || isOperationNode(node)) return false;
      setExpansion((e) =>
        id === namespaceGroupId(node.namespace)
          ? { ...e, namespaces: new Set([...e.namespaces, node.namespace]) }
          : id === appGroupId(node.namespace, node.app ?? '')
            ? { ...e, apps: new Set([...e.apps, `${node.namespace}/${node.app}`]) }
            : e,
      );
      return true;
    },
    [nodesById],
  );
  const select = useCallback(
    (id: string | null) => {
      // A group opens on click; any other element shows its details.
      if (id && expand(id)) return;
      setSelectedId(id);
    },
    [expand],
  );
  // Selecting never moves the view (issue 13, item 6): it stays where the user put it, so what they measured or aim
  // at next is still there. Only the first draw, Fit and a new layout fit the graph.

  const scope =
    namespaces.length === 0
      ? 'all namespaces'
      : `namespace${namespaces.length > 1 ? 's' : ''} ${namespaces.join(', ')}`;
  const label = `${graphType === 'versionedApp' ? 'Versioned app' : graphType === 'app' ? 'App' : graphType === 'workload' ? 'Workload' : 'Service'} graph of ${scope}, ${windowLabel(window).toLowerCase()}`;

  let body: React.ReactNode;
  if (isPending) body = <Loading>Loading the graph of {scope}…</Loading>;
  else if (!data) body = <Failure what="Graph" error={error} />;
  else if (data.nodes.length === 0)
    body = <Empty>{data.message ?? `No requests in the ${windowLabel(window).toLowerCase()} in ${scope}.`}</Empty>;
  else if (view && view.nodes.length === 0)
    body = <Empty>Every node is hidden by “{hide}”: change or clear the hide expression.</Empty>;
  else if (view) {
    body = (
      <div className="flex h-[68vh] min-h-[28rem] gap-3">
        <div className="relative min-w-0 flex-1 overflow-hidden rounded border border-slate-200 bg-white shadow-sm">
          <GraphCanvas
            key={webgl ? 'webgl' : 'canvas'}
            elements={elements}
            layout={options.layout}
            layoutKey={`${drawnType}|${grouped}|${options.appBoxes}|${expansion.namespaces.size}|${expansion.apps.size}`}
            webgl={webgl}
            label={label}
            fitRequest={fitRequest}
            onSelect={select}
            onReady={onReady}
            onLayoutDone={setLayoutDone}
          />
          {cy && options.animation && <TrafficAnimation cy={cy} edges={view.edges} />}
          <div className="pointer-events-none absolute inset-x-2 bottom-2 flex items-end justify-between gap-2">
            <div className="pointer-events-auto max-w-[28rem]">
              <GraphLegend />
            </div>
            {cy && options.miniMap && (
              <div className="pointer-events-auto">
                <MiniMap cy={cy} />
              </div>
            )}
          </div>
        </div>
        {selectedNode && (
          <SidePanel
            title={nodeName(selectedNode)}
            subtitle={
              isOperationNode(selectedNode)
                ? `Operation of service ${selectedNode.service ?? '?'} in ${selectedNode.namespace}`
                : `${selectedNode.nodeType === 'aggregate' ? 'Group' : 'Node'} in ${selectedNode.namespace}`
            }
            onClose={() => setSelectedId(null)}
          >
            <NodeDetails
              node={selectedNode}
              members={view.members.get(selectedNode.id)}
              onExpand={() => expand(selectedNode.id)}
            />
          </SidePanel>
        )}
        {selectedEdge && (
          <SidePanel
            title={`${nodeName(nodesById.get(selectedEdge.source)!)} → ${nodeName(nodesById.get(selectedEdge.target)!)}`}
            subtitle={`${selectedEdge.protocol.toUpperCase()} edge`}
            onClose={() => setSelectedId(null)}
          >
            <EdgeDetails
              edge={selectedEdge}
              from={nodeName(nodesById.get(selectedEdge.source)!)}
              to={nodeName(nodesById.get(selectedEdge.target)!)}
            />
          </SidePanel>
        )}
      </div>
    );
  }

  return (
    <section aria-labelledby="graph-heading" className="space-y-3">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 id="graph-heading" className="text-lg font-semibold">
          Graph
        </h1>
        <p className="text-sm text-slate-500">
          of {scope}, {windowLabel(window).toLowerCase()}
        </p>
        {data && view && (
          <p className="text-xs text-slate-500" aria-live="polite" role="status">
            {plural(view.nodes.length, 'node')}, {plural(view.edges.length, 'edge')}
            {grouped && ' (grouped by namespace: click a group to expand it)'}
            {layoutDone && ` · ${layoutDone.algorithm} layout in ${Math.round(layoutDone.ms)} ms`}
            {webgl && ' · WebGL'}
            {isFetching && ' · refreshing…'}
          </p>
        )}
      </div>
      <GraphToolbar
        graphType={graphType}
        onGraphType={(t: GraphType) => {
          setSelectedId(null);
          setSearch({ graphType: t === 'versionedApp' ? null : t });
        }}
        options={{ ...options, compareOffset }}
        compareOffsets={compareOffsets}
        onOptions={changeOptions}
        onFit={() => setFitRequest((n) => n + 1)}
        onExportPng={() => cyRef.current && exportPng(cyRef.current, graphType)}
        onExportJson={() => data && exportJson(data)}
      />
      <FindBar
        find={find}
        hide={hide}
        onFind={setFind}
        onHide={setHide}
        findError={findResult && !findResult.ok ? findResult.error : null}
        hideError={hideResult && !hideResult.ok ? hideResult.error : null}
        foundCount={findExpr && view ? view.found.size : null}
        hiddenCount={hideExpr && view ? view.hiddenCount : null}
      />
      {data && error && <RefreshFailed error={error} />}
      {data?.metricsError && (
        <p role="alert" className="rounded border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Metrics unavailable, the graph shows the topology from Kubernetes only: {data.metricsError}
        </p>
      )}
      {options.layout === 'cose' && view && view.nodes.length > COSE_SLOW_ABOVE_NODES && (
        <p role="status" className="text-sm text-amber-800">
          The force-directed layout of {view.nodes.length} nodes runs in the page and may take several seconds; the
          directed layout is computed apart and stays responsive.
        </p>
      )}
      {selectedId && !selectedNode && !selectedEdge && data && (
        <p role="status" className="text-sm text-slate-600">
          The selected element is no longer in the graph.
        </p>
      )}
      {body}
      {view && view.nodes.length > 0 && (
        <details className="rounded border border-slate-200 bg-white p-2">
          <summary className="cursor-pointer text-sm font-medium">Graph as a table</summary>
          <div className="pt-2">
            <GraphTable nodes={view.nodes} edges={view.edges} found={view.found} onSelect={select} />
          </div>
        </details>
      )}
    </section>
  );
}
