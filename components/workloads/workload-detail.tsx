'use client';
import { useWorkload } from '@/lib/api/use-workloads';
import { DetailHeader, Labels } from '../ui/detail-header';
import { EntityLink, entityPath } from '../ui/entity-link';
import { HealthBadge } from '../ui/health-badge';
import { IstioBadges } from '../ui/istio-badges';
import { Failure, Loading, RefreshFailed } from '../ui/panel-message';
import { RequestHealth } from '../ui/request-health';
import { SidecarStatus } from '../ui/sidecar-status';

export function WorkloadDetail({ namespace, name }: { namespace: string; name: string }) {
  const { data: w, error, isPending } = useWorkload(namespace, name);
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
        { term: 'Sidecar', value: <SidecarStatus hasSidecar={w.hasSidecar} /> },
        {
          term: 'App',
          value: w.app ? <EntityLink path={entityPath(w.namespace, 'applications', w.app)}>{w.app}</EntityLink> : '—',
        },
        { term: 'Version', value: w.version ?? '—' },
        { term: 'Istio', value: w.badges.length > 0 ? <IstioBadges badges={w.badges} /> : '—' },
        { term: 'Labels', value: <Labels labels={w.labels} /> },
      ]}
    >
      {error && <RefreshFailed error={error} />}
    </DetailHeader>
  );
}
