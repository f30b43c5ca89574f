import type { GraphBadge } from '@/lib/api/graph';
import { BADGE_GLYPHS } from './model/graph-elements';
import { COLORS, DENIED_DASH } from './graph-style';

export const BADGE_NAMES: Record<GraphBadge, string> = {
  'missing-sidecar': 'Missing sidecar',
  'virtual-service': 'VirtualService',
  'circuit-breaker': 'Circuit breaker',
  'fault-injection': 'Fault injection',
  mirroring: 'Traffic mirroring',
  'request-timeout': 'Request timeout',
  'traffic-shifting': 'Traffic shifting',
  gateway: 'Gateway',
  dead: 'No pods (dead)',
  idle: 'Idle',
  passthrough: 'Passthrough cluster',
  blackhole: 'Blackhole cluster',
  'config-error': 'Istio config errors',
  'config-warning': 'Istio config warnings',
};

function Shape({
  d,
  stroke = '#334155',
  dash,
  fill = '#fff',
  width = 2,
}: {
  d: string;
  stroke?: string;
  dash?: string;
  fill?: string;
  width?: number;
}) {
  return (
    <svg viewBox="0 0 20 20" className="h-4 w-4 shrink-0" aria-hidden="true">
      <path d={d} fill={fill} stroke={stroke} strokeWidth={width} strokeDasharray={dash} />
    </svg>
  );
}

const SHAPES = {
  app: 'M4 3h12a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2Z',
  workload: 'M10 2a8 8 0 1 0 0 16a8 8 0 1 0 0-16Z',
  service: 'M10 2 18 17H2Z',
  serviceEntry: 'M10 1 19 10 10 19 1 10Z',
  unknown: 'M5 2h10l4 8-4 8H5l-4-8Z',
  aggregate: 'M6 2h8l4 4v8l-4 4H6l-4-4V6Z',
  operation: 'M2 5h11l5 5-5 5H2Z',
};

function Line({ color, dash }: { color: string; dash?: string }) {
  return (
    <svg viewBox="0 0 24 10" className="h-3 w-6 shrink-0" aria-hidden="true">
      <path d="M1 5h18" stroke={color} strokeWidth={2} strokeDasharray={dash} />
      <path d="M18 1l5 4-5 4Z" fill={color} />
    </svg>
  );
}

function Item({ children, text }: { children: React.ReactNode; text: string }) {
  return (
    <li className="flex items-center gap-1.5">
      {children}
      {text}
    </li>
  );
}

/** What the shapes, colours, borders and glyphs of the graph mean. */
export function GraphLegend() {
  return (
    <details className="rounded border border-slate-200 bg-white/95 text-xs shadow-sm">
      <summary className="cursor-pointer px-2 py-1 font-medium">Legend</summary>
      <div className="grid grid-cols-2 gap-x-4 gap-y-2 p-2">
        <section aria-label="Node types">
          <h3 className="mb-1 font-medium text-slate-600">Nodes</h3>
          <ul className="space-y-0.5">
            <Item text="App (version)">
              <Shape d={SHAPES.app} />
            </Item>
            <Item text="Workload">
              <Shape d={SHAPES.workload} />
            </Item>
            <Item text="Service">
              <Shape d={SHAPES.service} />
            </Item>
            <Item text="Service entry">
              <Shape d={SHAPES.serviceEntry} />
            </Item>
            <Item text="Unknown source">
              <Shape d={SHAPES.unknown} />
            </Item>
            <Item text="Operation (request_operation)">
              <Shape d={SHAPES.operation} fill="#ede9fe" />
            </Item>
            <Item text="Group (click to expand)">
              <Shape d={SHAPES.aggregate} fill="#f1f5f9" />
            </Item>
            <Item text="Outside the selection">
              <Shape d={SHAPES.workload} dash="3 2" />
            </Item>
            <Item text="Root (gateway, traffic source)">
              <Shape d={SHAPES.workload} width={4} />
            </Item>
            <Item text="Missing sidecar">
              <Shape d={SHAPES.workload} fill="#fef3c7" />
            </Item>
          </ul>
        </section>
        <section aria-label="Health and edges">
          <h3 className="mb-1 font-medium text-slate-600">Health (border) and edges</h3>
          <ul className="space-y-0.5">
            <Item text="Healthy">
              <Line color={COLORS.healthy} />
            </Item>
            <Item text="Degraded (errors > 0.1%)">
              <Line color={COLORS.degraded} />
            </Item>
            <Item text="Failure (errors ≥ 20%)">
              <Line color={COLORS.failure} />
            </Item>
            <Item text="TCP">
              <Line color={COLORS.tcp} />
            </Item>
            <Item text="Denied by policy or JWT (confirmed by the proxy's log)">
              <Line color={COLORS.denied} dash={DENIED_DASH.join(' ')} />
            </Item>
            <Item text="Idle">
              <Line color={COLORS.idle} dash="2 2" />
            </Item>
            <Item text="New since the earlier window">
              <Line color={COLORS.compareNew} />
            </Item>
            <Item text="Gone since the earlier window">
              <Line color={COLORS.compareRemoved} dash="4 2" />
            </Item>
            <Item text="Found">
              <span className="h-3 w-6 rounded" style={{ background: COLORS.found, opacity: 0.5 }} />
            </Item>
          </ul>
        </section>
        <section aria-label="Badges" className="col-span-2">
          <h3 className="mb-1 font-medium text-slate-600">Badges</h3>
          <ul className="grid grid-cols-2 gap-x-4 gap-y-0.5">
            {Object.entries(BADGE_GLYPHS).map(([badge, glyph]) => (
              <li key={badge}>
                <span aria-hidden="true" className="inline-block w-4 text-center">
                  {glyph}
                </span>{' '}
                {BADGE_NAMES[badge as GraphBadge]}
              </li>
            ))}
            <li>
              <span className="font-mono">mTLS</span> on an edge: its traffic is mutual TLS
            </li>
            <li>
              <span className="font-mono">plaintext</span> on an edge: its server took plaintext (its sidecar is not
              STRICT, or it has no sidecar)
            </li>
          </ul>
        </section>
      </div>
    </details>
  );
}
