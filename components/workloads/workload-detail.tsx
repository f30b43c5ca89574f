'use client';
import { useWorkload } from '@/lib/api/use-workloads';
import { ConfigStatusList } from '../config/config-status-list';
import { DetailHeader, Labels, LinkList } from '../ui/detail-header';
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
  return (
    <DetailHeader
      kind={`Workload (${w.kind})`}
      name={w.name}
      namespace={w.namespace}
      back={{ path: `/workloads?namespaces=${encodeURIComponent(namespace)}`, label: 'Workloads' }}
      fields={[
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
            <LinkList
              items={w.services.map((s) => ({ key: s, path: entityPath(w.namespace, 'services', s), label: s }))}
            />
          ),
        },
        {
          term: 'Istio',
          value: <IstioBadges entity={w} resource="workloads" empty="—" />,
        },
        { term: 'Labels', value: <Labels labels={w.labels} /> },
      ]}
    >
      {error && <RefreshFailed error={error} />}
      <DetailSection id="pods-heading" title={`Pods (${w.podList.length})`}>
        <PodsTable
          label={`Pods of ${w.name}`}
          pods={w.podList.map((p) => ({ ...p, sidecarExemption: w.sidecarExemption }))}
          now={dataUpdatedAt}
        />
      </DetailSection>
      <DetailSection id="config-heading" title="Istio config">
        <ConfigStatusList
          refs={w.istioConfig}
          empty="No VirtualService, DestinationRule or Gateway names this workload."
        />
      </DetailSection>
    </DetailHeader>
  );
}
