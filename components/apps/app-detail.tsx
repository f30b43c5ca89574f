'use client';
import { useApp } from '@/lib/api/use-apps';
import { DetailHeader, LinkList } from '../ui/detail-header';
import { entityPath } from '../ui/entity-link';
import { HealthBadge } from '../ui/health-badge';
import { IstioBadges } from '../ui/istio-badges';
import { Failure, Loading, RefreshFailed } from '../ui/panel-message';
import { RequestHealth } from '../ui/request-health';
import { SidecarStatus } from '../ui/sidecar-status';

export function AppDetail({ namespace, name }: { namespace: string; name: string }) {
  const { data: a, error, isPending } = useApp(namespace, name);
  if (isPending) return <Loading>Loading application {name}…</Loading>;
  if (!a) return <Failure what={`Application ${name}`} error={error} />;
  return (
    <DetailHeader
      kind="Application"
      name={a.name}
      namespace={a.namespace}
      back={{ path: `/applications?namespaces=${encodeURIComponent(namespace)}`, label: 'Applications' }}
      fields={[
        { term: 'Health', value: <HealthBadge health={a.health} /> },
        { term: 'Requests', value: <RequestHealth health={a.health} /> },
        { term: 'Versions', value: a.versions.join(', ') || '—' },
        { term: 'Sidecar', value: <SidecarStatus hasSidecar={a.hasSidecar} /> },
        {
          term: 'Workloads',
          value: (
            <LinkList
              items={a.workloads.map((w) => ({ key: w, path: entityPath(a.namespace, 'workloads', w), label: w }))}
            />
          ),
        },
        {
          term: 'Services',
          value: (
            <LinkList
              items={a.services.map((s) => ({ key: s, path: entityPath(a.namespace, 'services', s), label: s }))}
            />
          ),
        },
        { term: 'Istio', value: a.badges.length > 0 ? <IstioBadges badges={a.badges} /> : '—' },
      ]}
    >
      {error && <RefreshFailed error={error} />}
    </DetailHeader>
  );
}
