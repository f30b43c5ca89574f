'use client';
import { useWorkload } from '@/lib/api/use-workloads';
import { EntityTabs } from '../detail/entity-tabs';
import { DetailHeader, Labels, LinkList } from '../ui/detail-header';
import { EntityLink, entityPath } from '../ui/entity-link';
import { HealthBadge } from '../ui/health-badge';
import { IstioBadges } from '../ui/istio-badges';
import { Failure, Loading, RefreshFailed } from '../ui/panel-message';
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
      <EntityTabs
        entity={entity}
        facts={facts}
        pods={w.podList.map((p) => ({ ...p, sidecarExemption: w.sidecarExemption }))}
        istioConfig={w.istioConfig}
        now={dataUpdatedAt}
        withEnvoy
      />
    </DetailHeader>
  );
}
