'use client';
import dynamic from 'next/dynamic';
import type { ReactNode } from 'react';
import type { GraphEdge, GraphNode } from '@/lib/api/graph';
import { useGraphSeries } from '@/lib/api/use-graph-series';
import { formatDuration, formatPercent, formatRps, plural } from '@/lib/format';
import { BADGE_GLYPHS } from './model/graph-elements';
import {
  edgeRate,
  formatBytesPerSecond,
  isOperationNode,
  tlsText,
  nodeName,
  nodeTypeName,
  windowAverageLabel,
} from './model/graph-labels';
import { useTimeControls } from '@/lib/api/use-time-controls';
import { durationSeconds } from '@/lib/duration';
import { EntityLink, entityPath } from '../ui/entity-link';
import { HealthBadge } from '../ui/health-badge';
import { Failure, Loading } from '../ui/panel-message';
import { BADGE_NAMES } from './graph-legend';
import { LatencyFigures } from './latency-figures';
import { NetworkTime } from './network-time';
import { ResponseCodes } from './response-codes';
import { DeniedRequests } from './denied-requests';
import { GraphTrafficSection } from '../traffic/graph-traffic-section';

// recharts loads apart, after the figures: they are what a person reads first.
const SeriesCharts = dynamic(() => import('./series-charts').then((m) => m.SeriesCharts), {
  ssr: false,
  loading: () => <Loading>Loading charts…</Loading>,
});

function Facts({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[auto_minmax(8rem,1fr)] gap-x-3 gap-y-1 text-sm">
      {items.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-slate-500">{term}</dt>
          {/* Values keep 8rem: a long term ("Outbound error ratio (1 min avg)") wraps instead of splitting a name. */}
          <dd className="min-w-0 break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

type Average = { rps: number; errorRatio: number };

function Series({
  selected,
  codes,
  average,
}: {
  selected: { node: string } | { edge: string };
  codes: boolean;
  /** The panel's window figures, by the direction the charts show (a node's charts fall back to outbound). */
  average: (direction: 'inbound' | 'outbound' | 'edge') => Average;
}) {
  const { data, error, isPending } = useGraphSeries(selected);
  const windowSeconds = useWindowSeconds();
  if (isPending) return <Loading>Loading charts…</Loading>;
  if (!data) return <Failure what="Charts" error={error} />;
  return (
    <>
      <SeriesCharts series={data} windowSeconds={windowSeconds} average={average(data.direction)} />
      {codes && (
        <section className="space-y-1">
          <h3 className="text-sm font-medium">Response codes over the window</h3>
          <ResponseCodes codes={data.responseCodes} label="Response codes" />
        </section>
      )}
    </>
  );
}

/** The window the graph and its charts cover, in seconds. */
function useWindowSeconds(): number {
  const { window } = useTimeControls();
  return durationSeconds(window) ?? 0;
}

function DetailLinks({ node }: { node: GraphNode }) {
  const links: { key: string; path: string; label: string }[] = [];
  // Outsiders are real objects with pages too; only groups and the unknown source have none (an operation links to
  // its service).
  if ((node.nodeType !== 'aggregate' || isOperationNode(node)) && node.nodeType !== 'unknown') {
    if (node.app)
      links.push({ key: 'app', path: entityPath(node.namespace, 'applications', node.app), label: `App ${node.app}` });
    if (node.workload)
      links.push({
        key: 'workload',
        path: entityPath(node.namespace, 'workloads', node.workload),
        label: `Workload ${node.workload}`,
      });
    if (node.service && node.nodeType !== 'serviceEntry')
      links.push({
        key: 'service',
        path: entityPath(node.namespace, 'services', node.service),
        label: `Service ${node.service}`,
      });
  }
  if (links.length === 0) return null;
  return (
    <ul className="space-y-0.5 text-sm">
      {links.map((l) => (
        <li key={l.key}>
          <EntityLink path={l.path}>{l.label}</EntityLink>
        </li>
      ))}
    </ul>
  );
}

export function NodeDetails({ node, members, onExpand }: { node: GraphNode; members?: number; onExpand: () => void }) {
  const { inbound, outbound } = node.traffic;
  // Every traffic figure is the graph's average over the window: its label says so, as the charts' captions do.
  const avg = `(${windowAverageLabel(useWindowSeconds())})`;
  const operation = isOperationNode(node);
  const facts: [string, ReactNode][] = [
    ['Type', nodeTypeName(node)],
    ['Namespace', `${node.namespace}${node.isOutside ? ' (outside the selection)' : ''}`],
  ];
  if (operation) {
    facts.push(['Operation', node.aggregateValue ?? '']);
    facts.push(['Service', node.service ?? '']);
  }
  if (node.version) facts.push(['Version', node.version]);
  if (node.hosts?.length) facts.push(['Hosts', node.hosts.join(', ')]);
  if (members !== undefined) facts.push(['Grouped nodes', String(members)]);
  facts.push(['Health', node.health ? <HealthBadge health={node.health} /> : 'No health data']);
  // An operation is requests, not a workload: it has no sidecar of its own.
  if (!operation) facts.push(['Sidecar', node.hasSidecar ? 'Yes' : 'Missing']);
  facts.push([
    `Inbound requests ${avg}`,
    inbound.bps > 0 && inbound.rps === 0 ? formatBytesPerSecond(inbound.bps) : formatRps(inbound.rps),
  ]);
  facts.push([`Inbound error ratio ${avg}`, formatPercent(inbound.errorRatio)]);
  facts.push([
    `Outbound requests ${avg}`,
    outbound.bps > 0 && outbound.rps === 0 ? formatBytesPerSecond(outbound.bps) : formatRps(outbound.rps),
  ]);
  facts.push([`Outbound error ratio ${avg}`, formatPercent(outbound.errorRatio)]);
  if (node.isRoot) facts.push(['Role', 'Traffic source (root)']);
  if (node.validation && node.validation.errors + node.validation.warnings > 0)
    facts.push([
      'Istio config',
      `${plural(node.validation.errors, 'error')}, ${plural(node.validation.warnings, 'warning')} in what configures it`,
    ]);
  if (node.badges.length > 0)
    facts.push([
      'Badges',
      <ul key="b">
        {node.badges.map((b) => (
          <li key={b}>
            <span aria-hidden="true">{BADGE_GLYPHS[b] ?? '•'}</span> {BADGE_NAMES[b]}
          </li>
        ))}
      </ul>,
    ]);
  return (
    <div className="space-y-3">
      <Facts items={facts} />
      {node.nodeType === 'aggregate' && !operation ? (
        <button
          type="button"
          onClick={onExpand}
          className="rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100"
        >
          Expand {nodeName(node)}
        </button>
      ) : (
        <>
          <DetailLinks node={node} />
          <GraphTrafficSection node={node} />
          <Series
            selected={{ node: node.id }}
            codes
            average={(direction) => (direction === 'outbound' ? outbound : inbound)}
          />
        </>
      )}
    </div>
  );
}

export function EdgeDetails({ edge, from, to }: { edge: GraphEdge; from: string; to: string }) {
  const aggregated = edge.id.includes('group:');
  const avg = `(${windowAverageLabel(useWindowSeconds())})`;
  const facts: [string, ReactNode][] = [
    ['From', from],
    ['To', to],
    ['Protocol', edge.protocol.toUpperCase()],
    [`Rate ${avg}`, edgeRate(edge)],
    [`Share of source ${avg}`, formatPercent(edge.share)],
    [`Error ratio ${avg}`, formatPercent(edge.errorRatio)],
    [`4xx ${avg}`, formatPercent(edge.http4xxRatio)],
    [`5xx ${avg}`, formatPercent(edge.http5xxRatio)],
    ['p50 / p95 / p99 now', <LatencyFigures key="latency" edge={edge} aggregated={aggregated} />],
    ['Security', tlsText(edge)],
  ];
  // Asked for only while edge labels show the mean; over the whole window, as the label says.
  if (edge.mean !== undefined) facts.push(['Mean over the window', formatDuration(edge.mean)]);
  if (edge.bps !== undefined) facts.push([`Throughput ${avg}`, formatBytesPerSecond(edge.bps)]);
  if (edge.compare !== undefined)
    facts.push([
      'Earlier window',
      edge.compare === null
        ? 'No traffic then: the edge is new'
        : `${formatRps(edge.compare.rps)}, ${formatPercent(edge.compare.errorRatio)} errors`,
    ]);
  return (
    <div className="space-y-3">
      <Facts items={facts} />
      <DeniedRequests edge={edge} />
      {!aggregated && edge.protocol !== 'tcp' && <NetworkTime edgeId={edge.id} />}
      <section className="space-y-1">
        <h3 className="text-sm font-medium">Response codes</h3>
        <ResponseCodes codes={edge.responseCodes} label={`Response codes from ${from} to ${to}`} />
      </section>
      {!aggregated && <Series selected={{ edge: edge.id }} codes={false} average={() => edge} />}
    </div>
  );
}

/** The selected node or edge: its figures, response codes, charts over the window and links to its pages. */
export function SidePanel({
  title,
  subtitle,
  onClose,
  children,
}: {
  title: string;
  subtitle: string;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <aside
      aria-labelledby="graph-side-heading"
      className="w-[22rem] shrink-0 space-y-3 overflow-y-auto [overflow-wrap:anywhere] rounded border border-slate-200 bg-white p-3 shadow-sm"
    >
      <div className="flex items-start justify-between gap-2">
        <div>
          <h2 id="graph-side-heading" className="font-semibold break-all">
            {title}
          </h2>
          <p className="text-xs text-slate-500">{subtitle}</p>
        </div>
        <button
          type="button"
          onClick={onClose}
          aria-label="Close the details"
          className="rounded px-1.5 text-slate-500 hover:bg-slate-100"
        >
          ✕
        </button>
      </div>
      {children}
    </aside>
  );
}
