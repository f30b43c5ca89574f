'use client';
import { useApp } from '@/lib/api/use-apps';
import { EntityTabs } from '../detail/entity-tabs';
import { DetailHeader, LinkList } from '../ui/detail-header';
import { entityPath } from '../ui/entity-link';
import { HealthBadge } from '../ui/health-badge';
import { IstioBadges } from '../ui/istio-badges';
import { Failure, Loading, RefreshFailed } from '../ui/panel-message';
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
      <EntityTabs entity={entity} facts={facts} pods={pods} istioConfig={a.istioConfig} now={dataUpdatedAt} />
    </DetailHeader>
  );
}
