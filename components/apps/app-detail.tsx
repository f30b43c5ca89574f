'use client';
import { useApp } from '@/lib/api/use-apps';
import { ConfigStatusList } from '../config/config-status-list';
import { DetailTabs } from '../detail/detail-tabs';
import { NeighboursGraph } from '../detail/neighbours-graph';
import { TrafficTab } from '../detail/traffic-tab';
import { LogsTab } from '../logs/logs-tab';
import { MetricsTab } from '../metrics/metrics-tab';
import { TracesTab } from '../traces/traces-tab';
import { DetailHeader, FactsCard, LinkList } from '../ui/detail-header';
import { DetailSection } from '../ui/detail-section';
import { entityPath } from '../ui/entity-link';
import { HealthBadge } from '../ui/health-badge';
import { IstioBadges } from '../ui/istio-badges';
import { Failure, Loading, RefreshFailed } from '../ui/panel-message';
import { PodsTable } from '../ui/pods-table';
import { RequestHealth } from '../ui/request-health';
import { SidecarStatus } from '../ui/sidecar-status';

export function AppDetail({ namespace, name }: { namespace: string; name: string }) {
  const { data: a, error, isPending, dataUpdatedAt } = useApp(namespace, name);
  if (isPending) return <Loading>Loading application {name}…</Loading>;
  if (!a) return <Failure what={`Application ${name}`} error={error} />;
  const pods = a.workloadList.flatMap((w) =>
    w.podList.map((p) => ({ ...p, workload: w.name, sidecarExemption: w.sidecarExemption })),
  );
  const entity = { namespace: a.namespace, resource: 'apps' as const, name: a.name };
  const facts = [
    { term: 'Health', value: <HealthBadge health={a.health} /> },
    { term: 'Requests', value: <RequestHealth health={a.health} /> },
    { term: 'Versions', value: a.versions.join(', ') || '—' },
    { term: 'Sidecar', value: <SidecarStatus hasSidecar={a.hasSidecar} exemption={a.sidecarExemption} /> },
    {
      term: 'Workloads',
      value: (
        <LinkList
          items={a.workloadList.map((w) => ({
            key: w.name,
            path: entityPath(a.namespace, 'workloads', w.name),
            label: `${w.name} (${w.pods.ready}/${w.pods.desired})`,
          }))}
        />
      ),
    },
    {
      term: 'Services',
      value: (
        <LinkList items={a.services.map((s) => ({ key: s, path: entityPath(a.namespace, 'services', s), label: s }))} />
      ),
    },
    {
      term: 'Istio',
      value: <IstioBadges entity={a} resource="applications" empty="—" />,
    },
  ];
  return (
    <DetailHeader
      kind="Application"
      name={a.name}
      namespace={a.namespace}
      back={{ path: `/applications?namespaces=${encodeURIComponent(namespace)}`, label: 'Applications' }}
    >
      {error && <RefreshFailed error={error} />}
      <DetailTabs
        label="Views of this app"
        tabs={[
          {
            id: 'overview',
            label: 'Overview',
            render: () => (
              <>
                <FactsCard fields={facts} />
                <NeighboursGraph entity={entity} />
                <DetailSection id="pods-heading" title={`Pods (${pods.length})`}>
                  <PodsTable label={`Pods of ${a.name}`} namespace={a.namespace} pods={pods} now={dataUpdatedAt} />
                </DetailSection>
                <DetailSection id="config-heading" title="Istio config">
                  <ConfigStatusList refs={a.istioConfig} empty="No Istio config applies to this application." />
                </DetailSection>
              </>
            ),
          },
          { id: 'traffic', label: 'Traffic', render: () => <TrafficTab entity={entity} /> },
          { id: 'metrics', label: 'Metrics', render: () => <MetricsTab entity={entity} /> },
          { id: 'traces', label: 'Traces', render: () => <TracesTab entity={entity} /> },
          { id: 'logs', label: 'Logs', render: () => <LogsTab entity={entity} pods={pods.map((p) => p.name)} /> },
        ]}
      />
    </DetailHeader>
  );
}
