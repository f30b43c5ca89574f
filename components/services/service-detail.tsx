'use client';
import { useService } from '@/lib/api/use-services';
import { ConfigStatusList } from '../config/config-status-list';
import { DetailTabs } from '../detail/detail-tabs';
import { NeighboursGraph } from '../detail/neighbours-graph';
import { TrafficTab } from '../detail/traffic-tab';
import { LogsTab } from '../logs/logs-tab';
import { MetricsTab } from '../metrics/metrics-tab';
import { TracesTab } from '../traces/traces-tab';
import { DetailHeader, FactsCard, Labels, LinkList } from '../ui/detail-header';
import { DetailSection } from '../ui/detail-section';
import { entityPath } from '../ui/entity-link';
import { HealthBadge } from '../ui/health-badge';
import { IstioBadges } from '../ui/istio-badges';
import { Failure, Loading, RefreshFailed } from '../ui/panel-message';
import { PodsTable } from '../ui/pods-table';
import { RequestHealth } from '../ui/request-health';
import { portsText } from './services-panel';

export function ServiceDetail({ namespace, name }: { namespace: string; name: string }) {
  const { data: s, error, isPending, dataUpdatedAt } = useService(namespace, name);
  if (isPending) return <Loading>Loading service {name}…</Loading>;
  if (!s) return <Failure what={`Service ${name}`} error={error} />;
  const entity = { namespace: s.namespace, resource: 'services' as const, name: s.name };
  const facts = [
    { term: 'Health', value: <HealthBadge health={s.health} /> },
    { term: 'Requests', value: <RequestHealth health={s.health} /> },
    { term: 'Type', value: s.type },
    { term: 'Cluster IP', value: s.clusterIP ?? 'None' },
    { term: 'Ports', value: portsText(s) || '—' },
    {
      term: 'Workloads',
      value: (
        <LinkList
          items={s.workloads.map((w) => ({ key: w, path: entityPath(s.namespace, 'workloads', w), label: w }))}
        />
      ),
    },
    { term: 'Selector', value: <Labels labels={s.selector} /> },
    {
      term: 'Istio',
      value: <IstioBadges entity={s} resource="services" empty="—" />,
    },
  ];
  return (
    <DetailHeader
      kind="Service"
      name={s.name}
      namespace={s.namespace}
      back={{ path: `/services?namespaces=${encodeURIComponent(namespace)}`, label: 'Services' }}
    >
      {error && <RefreshFailed error={error} />}
      <DetailTabs
        label="Views of this service"
        tabs={[
          {
            id: 'overview',
            label: 'Overview',
            render: () => (
              <>
                <FactsCard fields={facts} />
                <NeighboursGraph entity={entity} />
                <DetailSection id="pods-heading" title={`Pods (${s.podList.length})`}>
                  <PodsTable label={`Pods of ${s.name}`} namespace={s.namespace} pods={s.podList} now={dataUpdatedAt} />
                </DetailSection>
                <DetailSection id="config-heading" title="Istio config">
                  <ConfigStatusList refs={s.istioConfig} empty="No Istio config applies to this service." />
                </DetailSection>
              </>
            ),
          },
          { id: 'traffic', label: 'Traffic', render: () => <TrafficTab entity={entity} /> },
          { id: 'metrics', label: 'Metrics', render: () => <MetricsTab entity={entity} /> },
          { id: 'traces', label: 'Traces', render: () => <TracesTab entity={entity} /> },
          { id: 'logs', label: 'Logs', render: () => <LogsTab entity={entity} pods={s.podList.map((p) => p.name)} /> },
        ]}
      />
    </DetailHeader>
  );
}
