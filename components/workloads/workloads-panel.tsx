'use client';
import type { Workload } from '@/lib/api/workloads';
import { useWorkloads } from '@/lib/api/use-workloads';
import type { Column } from '../ui/table-column';
import { EntityLink, entityPath } from '../ui/entity-link';
import { HEALTH_RANK, HealthBadge } from '../ui/health-badge';
import { badgesText, healthText, labelsText } from '../ui/filter-text';
import { IstioBadges } from '../ui/istio-badges';
import { ListPage, useListedNamespaces } from '../ui/list-page';
import { SidecarStatus, sidecarLabel } from '../ui/sidecar-status';

const COLUMNS: Column<Workload>[] = [
  {
    id: 'name',
    header: 'Workload',
    rowHeader: true,
    sortValue: (w) => w.name,
    cell: (w) => <EntityLink path={entityPath(w.namespace, 'workloads', w.name)}>{w.name}</EntityLink>,
    width: 'minmax(12rem, 2fr)',
  },
  { id: 'namespace', header: 'Namespace', sortValue: (w) => w.namespace, cell: (w) => w.namespace },
  { id: 'kind', header: 'Type', sortValue: (w) => w.kind, cell: (w) => w.kind, width: '8rem' },
  { id: 'app', header: 'App', sortValue: (w) => w.app ?? '', cell: (w) => w.app ?? '—' },
  { id: 'version', header: 'Version', sortValue: (w) => w.version ?? '', cell: (w) => w.version ?? '—', width: '6rem' },
  {
    id: 'pods',
    header: 'Pods',
    // Ready pods first, then desired: 1/2 sorts before 2/2, and 2/2 after every 1/1.
    sortValue: (w) => w.pods.ready * 100_000 + w.pods.desired,
    cell: (w) => `${w.pods.ready}/${w.pods.desired}`,
    width: '5rem',
  },
  {
    id: 'sidecar',
    header: 'Sidecar',
    sortValue: (w) => Number(w.hasSidecar),
    cell: (w) => <SidecarStatus hasSidecar={w.hasSidecar} exemption={w.sidecarExemption} />,
    width: '10rem',
  },
  {
    id: 'health',
    header: 'Health',
    sortValue: (w) => HEALTH_RANK[w.health.status],
    cell: (w) => <HealthBadge health={w.health} />,
  },
  {
    id: 'istio',
    header: 'Istio',
    cell: (w) => <IstioBadges entity={w} resource="workloads" />,
    width: 'minmax(10rem, 2fr)',
  },
];

// Module-level, so the table's memoised filter and sort do not rerun on every render.
const rowKey = (w: Workload) => `${w.namespace}/${w.name}`;
// Everything a row shows or stands for: names, labels, version, badges, health and sidecar in words.
const filterText = (w: Workload) =>
  [
    w.name,
    w.namespace,
    w.app ?? '',
    w.version ?? '',
    w.kind,
    labelsText(w.labels),
    badgesText(w.badges),
    healthText(w.health),
    sidecarLabel(w.hasSidecar, w.sidecarExemption),
  ]
    .join(' ')
    .toLowerCase();

export function WorkloadsPanel({ namespaces: selected }: { namespaces: string[] }) {
  const ns = useListedNamespaces(selected);
  const list = useWorkloads(ns.namespaces);
  return (
    <ListPage
      title="Workloads"
      noun="workloads"
      label={`Workloads in ${ns.label}`}
      list={list}
      namespacesState={ns}
      columns={COLUMNS}
      rowKey={rowKey}
      filterText={filterText}
      emptyText={`No workloads in ${ns.label}: no Deployments, StatefulSets, DaemonSets or pods.`}
    />
  );
}
