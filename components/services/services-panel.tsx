'use client';
import type { Service } from '@/lib/api/services';
import { useServices } from '@/lib/api/use-services';
import type { Column } from '../ui/table-column';
import { EntityLink, entityPath } from '../ui/entity-link';
import { HEALTH_RANK, HealthBadge } from '../ui/health-badge';
import { badgesText, healthText, labelsText } from '../ui/filter-text';
import { IstioBadges } from '../ui/istio-badges';
import { ListPage, useListedNamespaces } from '../ui/list-page';

export const portsText = (s: Service) =>
  s.ports.map((p) => `${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol}`).join(', ');

const COLUMNS: Column<Service>[] = [
  {
    id: 'name',
    header: 'Service',
    rowHeader: true,
    sortValue: (s) => s.name,
    cell: (s) => <EntityLink path={entityPath(s.namespace, 'services', s.name)}>{s.name}</EntityLink>,
    width: 'minmax(12rem, 2fr)',
  },
  { id: 'namespace', header: 'Namespace', sortValue: (s) => s.namespace, cell: (s) => s.namespace },
  { id: 'type', header: 'Type', sortValue: (s) => s.type, cell: (s) => s.type, width: '7rem' },
  { id: 'ports', header: 'Ports', cell: portsText },
  {
    id: 'workloads',
    header: 'Workloads',
    sortValue: (s) => s.workloads.length,
    cell: (s) => s.workloads.join(', ') || '—',
  },
  {
    id: 'health',
    header: 'Health',
    sortValue: (s) => HEALTH_RANK[s.health.status],
    cell: (s) => <HealthBadge health={s.health} />,
  },
  {
    id: 'istio',
    header: 'Istio',
    cell: (s) => <IstioBadges entity={s} resource="services" />,
    width: 'minmax(10rem, 2fr)',
  },
];

// Module-level, so the table's memoised filter and sort do not rerun on every render.
const rowKey = (s: Service) => `${s.namespace}/${s.name}`;
// Everything a row shows or stands for: names, type, workloads, selector labels, badges and health in words.
const filterText = (s: Service) =>
  [
    s.name,
    s.namespace,
    s.type,
    s.workloads.join(' '),
    labelsText(s.selector ?? {}),
    badgesText(s.badges),
    healthText(s.health),
  ]
    .join(' ')
    .toLowerCase();

export function ServicesPanel({ namespaces: selected }: { namespaces: string[] }) {
  const ns = useListedNamespaces(selected);
  const list = useServices(ns.namespaces);
  return (
    <ListPage
      title="Services"
      noun="services"
      label={`Services in ${ns.label}`}
      list={list}
      namespacesState={ns}
      columns={COLUMNS}
      rowKey={rowKey}
      filterText={filterText}
      emptyText={`No services in ${ns.label}.`}
    />
  );
}
