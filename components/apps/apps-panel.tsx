'use client';
import type { App } from '@/lib/api/apps';
import { useApps } from '@/lib/api/use-apps';
import type { Column } from '../ui/table-column';
import { EntityLink, entityPath } from '../ui/entity-link';
import { HEALTH_RANK, HealthBadge } from '../ui/health-badge';
import { badgesText, healthText } from '../ui/filter-text';
import { IstioBadges } from '../ui/istio-badges';
import { ListPage, useListedNamespaces } from '../ui/list-page';
import { SidecarStatus, sidecarLabel } from '../ui/sidecar-status';

const COLUMNS: Column<App>[] = [
  {
    id: 'name',
    header: 'Application',
    rowHeader: true,
    sortValue: (a) => a.name,
    cell: (a) => <EntityLink path={entityPath(a.namespace, 'applications', a.name)}>{a.name}</EntityLink>,
    width: 'minmax(12rem, 2fr)',
  },
  { id: 'namespace', header: 'Namespace', sortValue: (a) => a.namespace, cell: (a) => a.namespace },
  {
    id: 'versions',
    header: 'Versions',
    sortValue: (a) => a.versions.join(','),
    cell: (a) => a.versions.join(', ') || '—',
  },
  {
    id: 'workloads',
    header: 'Workloads',
    sortValue: (a) => a.workloads.length,
    cell: (a) => a.workloads.length,
    width: '6rem',
  },
  {
    id: 'sidecar',
    header: 'Sidecar',
    sortValue: (a) => Number(a.hasSidecar),
    cell: (a) => <SidecarStatus hasSidecar={a.hasSidecar} exemption={a.sidecarExemption} />,
    width: '10rem',
  },
  {
    id: 'health',
    header: 'Health',
    sortValue: (a) => HEALTH_RANK[a.health.status],
    cell: (a) => <HealthBadge health={a.health} />,
  },
  {
    id: 'istio',
    header: 'Istio',
    cell: (a) => <IstioBadges entity={a} resource="applications" />,
    width: 'minmax(10rem, 2fr)',
  },
];

// Module-level, so the table's memoised filter and sort do not rerun on every render.
const rowKey = (a: App) => `${a.namespace}/${a.name}`;
// Everything a row shows or stands for: names, versions, workloads, badges, health and sidecar in words.
const filterText = (a: App) =>
  [
    a.name,
    a.namespace,
    a.versions.join(' '),
    a.workloads.join(' '),
    badgesText(a.badges),
    healthText(a.health),
    sidecarLabel(a.hasSidecar, a.sidecarExemption),
  ]
    .join(' ')
    .toLowerCase();

export function AppsPanel({ namespaces: selected }: { namespaces: string[] }) {
  const ns = useListedNamespaces(selected);
  const list = useApps(ns.namespaces);
  return (
    <ListPage
      title="Applications"
      noun="applications"
      label={`Applications in ${ns.label}`}
      list={list}
      namespacesState={ns}
      columns={COLUMNS}
      rowKey={rowKey}
      filterText={filterText}
      emptyText={`No applications in ${ns.label}: no workloads carry an app label.`}
    />
  );
}
