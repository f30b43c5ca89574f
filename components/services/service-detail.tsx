'use client';
import { useService } from '@/lib/api/use-services';
import { EntityTabs } from '../detail/entity-tabs';
import { DetailHeader, Labels, LinkList } from '../ui/detail-header';
import { entityPath } from '../ui/entity-link';
import { HealthBadge } from '../ui/health-badge';
import { IstioBadges } from '../ui/istio-badges';
import { Failure, Loading, RefreshFailed } from '../ui/panel-message';
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
      <EntityTabs entity={entity} facts={facts} pods={s.podList} istioConfig={s.istioConfig} now={dataUpdatedAt} />
    </DetailHeader>
  );
}
