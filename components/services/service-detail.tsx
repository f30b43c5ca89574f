'use client';
import { useService } from '@/lib/api/use-services';
import { ConfigStatusList } from '../config/config-status-list';
import { DetailHeader, Labels, LinkList } from '../ui/detail-header';
import { entityPath } from '../ui/entity-link';
import { HealthBadge } from '../ui/health-badge';
import { IstioBadges } from '../ui/istio-badges';
import { Failure, Loading, RefreshFailed } from '../ui/panel-message';
import { RequestHealth } from '../ui/request-health';
import { portsText } from './services-panel';

export function ServiceDetail({ namespace, name }: { namespace: string; name: string }) {
  const { data: s, error, isPending } = useService(namespace, name);
  if (isPending) return <Loading>Loading service {name}…</Loading>;
  if (!s) return <Failure what={`Service ${name}`} error={error} />;
  return (
    <DetailHeader
      kind="Service"
      name={s.name}
      namespace={s.namespace}
      back={{ path: `/services?namespaces=${encodeURIComponent(namespace)}`, label: 'Services' }}
      fields={[
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
        { term: 'Istio config', value: <ConfigStatusList refs={s.istioConfig} /> },
      ]}
    >
      {error && <RefreshFailed error={error} />}
    </DetailHeader>
  );
}
