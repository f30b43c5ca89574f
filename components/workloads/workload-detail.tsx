'use client';
import { useWorkload } from '@/lib/api/use-workloads';
import { ConfigStatusList } from '../config/config-status-list';
import { EnvoyTab } from '../envoy/envoy-tab';
import { DetailTabs } from '../detail/detail-tabs';
import { NeighboursGraph } from '../detail/neighbours-graph';
import { TrafficTab } from '../detail/traffic-tab';
import { LogsTab } from '../logs/logs-tab';
import { MetricsTab } from '../metrics/metrics-tab';
import { TracesTab } from '../traces/traces-tab';
import { DetailHeader, FactsCard, Labels, LinkList } from '../ui/detail-header';
import { DetailSection } from '../ui/detail-section';
import { EntityLink, entityPath } from '../ui/entity-link';
import { HealthBadge } from '../ui/health-badge';
import { IstioBadges } from '../ui/istio-badges';
import { Failure, Loading, RefreshFailed } from '../ui/panel-message';
import { PodsTable } from '../ui/pods-table';
import { RequestHealth } from '../ui/request-health';
import { SidecarStatus } from '../ui/sidecar-status';

export function WorkloadDetail({ namespace, name }: { namespace: string; name: string }) {
  const { data: w, error, isPending, dataUpdatedAt } = useWorkload(namespace, name);
  if (isPending) return <Loading>Loading workload {name}…</Loading>;
  if (!w) return <Failure what={`Workload ${name}`} error={error} />;
  const entity = { namespace: w.namespace, resource: 'workloads' as const, name: w.name };
  const facts = [
    { term: 'Health', value: <HealthBadge health={w.health} /> },
    { term: 'Requests', value: <RequestHealth health={w.health} /> },
    { term: 'Pods', value: `${w.pods.ready}/${w.pods.desired} ready` },
    { term: 'Sidecar', value: <SidecarStatus hasSidecar={w.hasSidecar} exemption={w.sidecarExemption} /> },
    {
      term: 'App',
      value: w.app ? <EntityLink path={entityPath(w.namespace, 'applications', w.app)}>{w.app}</EntityLink> : '—',
    },
    { term: 'Version', value: w.version ?? '—' },
    {
      term: 'Services',
      value: (
        <LinkList items={w.services.map((s) => ({ key: s, path: entityPath(w.namespace, 'services', s), label: s }))} />
      ),
    },
    {
      term: 'Istio',
      value: <IstioBadges entity={w} resource="workloads" empty="—" />,
    },
    { term: 'Labels', value: <Labels labels={w.labels} /> },
  ];
  return (
    <DetailHeader
      kind={`Workload (${w.kind})`}
      name={w.name}
      namespace={w.namespace}
      back={{ path: `/workloads?namespaces=${encodeURIComponent(namespace)}`, label: 'Workloads' }}
    >
      {error && <RefreshFailed error={error} />}
      <DetailTabs
        label="Views of this workload"
        tabs={[
          {
            id: 'overview',
            label: 'Overview',
            render: () => (
              <>
                <FactsCard fields={facts} />
                <NeighboursGraph entity={entity} />
                <DetailSection id="pods-heading" title={`Pods (${w.podList.length})`}>
                  <PodsTable
                    label={`Pods of ${w.name}`}
                    namespace={w.namespace}
                    pods={w.podList.map((p) => ({ ...p, sidecarExemption: w.sidecarExemption }))}
                    now={dataUpdatedAt}
                  />
                </DetailSection>
                <DetailSection id="config-heading" title="Istio config">
                  <ConfigStatusList refs={w.istioConfig} empty="No Istio config applies to this workload." />
                </DetailSection>
              </>
            ),
          },
          { id: 'traffic', label: 'Traffic', render: () => <TrafficTab entity={entity} /> },
          { id: 'metrics', label: 'Metrics', render: () => <MetricsTab entity={entity} /> },
          { id: 'traces', label: 'Traces', render: () => <TracesTab entity={entity} /> },
          { id: 'logs', label: 'Logs', render: () => <LogsTab entity={entity} pods={w.podList.map((p) => p.name)} /> },
          {
            id: 'envoy',
            label: 'Envoy',
            render: () => <EnvoyTab namespace={w.namespace} pods={w.podList.map((p) => p.name)} />,
          },
        ]}
      />
    </DetailHeader>
  );
}
