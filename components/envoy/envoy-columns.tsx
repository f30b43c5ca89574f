// The columns of each Envoy section's table. `id` is the row field the server sorts by (dots for a nested one).
import type { ReactNode } from 'react';
import type { BootstrapRow, ClusterRow, EnvoySection, ListenerRow, RouteRow, SecretRow } from '@/lib/api/envoy';

export interface EnvoyColumn {
  id: string;
  header: string;
  cell: (row: never) => ReactNode;
  sortable?: boolean;
}

const col = <R,>(id: string, header: string, cell: (row: R) => ReactNode, sortable = true): EnvoyColumn => ({
  id,
  header,
  cell: cell as (row: never) => ReactNode,
  sortable,
});

const n = (v: number | null) => (v === null ? '–' : v.toLocaleString('en'));
const limit = (v: number | null) => (v === null ? '–' : v >= 4294967295 ? 'no limit' : v.toLocaleString('en'));
const list = (items: string[]) => (items.length === 0 ? '–' : items.join(', '));

function Mono({ children }: { children: ReactNode }) {
  return <span className="font-mono text-xs break-all">{children}</span>;
}

const clusters: EnvoyColumn[] = [
  col<ClusterRow>('name', 'Cluster', (r) => <Mono>{r.name}</Mono>),
  col<ClusterRow>('subset', 'Subset', (r) => r.subset ?? '–'),
  col<ClusterRow>('type', 'Type', (r) => r.type),
  col<ClusterRow>('tls', 'TLS', (r) => r.tls),
  col<ClusterRow>('healthyEndpoints', 'Endpoints healthy', (r) => {
    // The hosts that get no traffic, by address and why (an outlier ejection shows as failed_outlier_check).
    const unhealthy = r.hosts.filter((h) => h.health !== 'HEALTHY');
    return (
      <>
        {r.healthyEndpoints}/{r.endpoints}
        {unhealthy.slice(0, 5).map((h) => (
          <span key={h.address} className="block text-xs text-red-700">
            {h.address} {h.health}
          </span>
        ))}
        {unhealthy.length > 5 && <span className="block text-xs">and {unhealthy.length - 5} more</span>}
      </>
    );
  }),
  col<ClusterRow>('circuitBreakers.maxConnections', 'Circuit breaker (conn / pending / req / retries)', (r) =>
    r.circuitBreakers
      ? [
          r.circuitBreakers.maxConnections,
          r.circuitBreakers.maxPendingRequests,
          r.circuitBreakers.maxRequests,
          r.circuitBreakers.maxRetries,
        ]
          .map(limit)
          .join(' / ')
      : '–',
  ),
  col<ClusterRow>('counters.rqTotal', 'Requests', (r) => n(r.counters.rqTotal)),
  col<ClusterRow>('counters.rq5xx', '5xx', (r) => n(r.counters.rq5xx)),
  col<ClusterRow>('counters.pendingOverflow', 'Overflowed', (r) => n(r.counters.pendingOverflow)),
  col<ClusterRow>('counters.rqOpen', 'Breaker open', (r) => {
    const open = (
      [
        ['connections', r.counters.cxOpen],
        ['requests', r.counters.rqOpen],
        ['pending', r.counters.rqPendingOpen],
        ['retries', r.counters.retryOpen],
      ] as const
    ).filter(([, v]) => v !== null && v > 0);
    if (open.length > 0)
      return <span className="font-medium text-red-700">open: {open.map(([k]) => k).join(', ')}</span>;
    return r.counters.cxOpen === null && r.counters.rqOpen === null ? '–' : 'closed';
  }),
  col<ClusterRow>(
    'counters.ejectionsActive',
    'Ejected now / total',
    (r) => `${n(r.counters.ejectionsActive)} / ${n(r.counters.ejectionsTotal)}`,
  ),
];

const listeners: EnvoyColumn[] = [
  col<ListenerRow>('name', 'Listener', (r) => <Mono>{r.name}</Mono>),
  col<ListenerRow>('address', 'Address', (r) => r.address),
  col<ListenerRow>('port', 'Port', (r) => r.port ?? '–'),
  col<ListenerRow>('direction', 'Direction', (r) => r.direction ?? '–'),
  col<ListenerRow>('filterChains', 'Filter chains', (r) => r.filterChains),
  col<ListenerRow>('filters', 'Filters', (r) => list(r.filters)),
  col<ListenerRow>('routesTo', 'Routes to', (r) => <Mono>{list(r.routesTo)}</Mono>),
];

const routes: EnvoyColumn[] = [
  col<RouteRow>('routeConfig', 'Route config', (r) => <Mono>{r.routeConfig}</Mono>),
  col<RouteRow>('virtualHost', 'Virtual host', (r) => <Mono>{r.virtualHost}</Mono>),
  col<RouteRow>('match', 'Match', (r) => r.match),
  col<RouteRow>('clusters', 'Clusters (weight)', (r) =>
    r.clusters.length === 0 ? (
      r.action
    ) : (
      <ul className="space-y-0.5">
        {r.clusters.map((c) => (
          <li key={c.name}>
            <Mono>{c.name}</Mono> <span className="font-semibold">{c.weight}%</span>
          </li>
        ))}
      </ul>
    ),
  ),
  col<RouteRow>('timeout', 'Timeout', (r) => r.timeout ?? '–'),
  col<RouteRow>('retries', 'Retries', (r) => r.retries ?? '–'),
  col<RouteRow>('istioConfig', 'From', (r) =>
    r.istioConfig ? <Mono>{r.istioConfig.split('/').slice(-3).join('/')}</Mono> : '–',
  ),
];

const bootstrap: EnvoyColumn[] = [
  col<BootstrapRow>('key', 'Key', (r) => <Mono>{r.key}</Mono>),
  col<BootstrapRow>('value', 'Value', (r) => <Mono>{r.value}</Mono>),
];

const secrets: EnvoyColumn[] = [
  col<SecretRow>('name', 'Secret', (r) => r.name),
  col<SecretRow>('kind', 'Kind', (r) => r.kind),
  col<SecretRow>('spiffeId', 'SPIFFE id', (r) => <Mono>{r.spiffeId ?? '–'}</Mono>),
  col<SecretRow>('issuer', 'Issuer', (r) => r.issuer ?? '–'),
  col<SecretRow>('notBefore', 'Valid from', (r) => r.notBefore ?? '–'),
  col<SecretRow>('notAfter', 'Valid until', (r) => r.notAfter ?? '–'),
  col<SecretRow>('daysLeft', 'Days left', (r) =>
    r.problem ? (
      r.problem
    ) : r.daysLeft === null ? (
      '–'
    ) : r.daysLeft < 0 ? (
      <span className="font-medium text-red-700">expired {-r.daysLeft} days ago</span>
    ) : (
      String(r.daysLeft)
    ),
  ),
  col<SecretRow>('chainLength', 'Certificates', (r) => r.chainLength),
];

export const ENVOY_COLUMNS: Record<EnvoySection, EnvoyColumn[]> = { clusters, listeners, routes, bootstrap, secrets };
