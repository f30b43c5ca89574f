'use client';
import { usePod } from '@/lib/api/use-pods';
import type { PodDetail as Pod } from '@/lib/api/pods';
import { ConfigStatusList } from '../config/config-status-list';
import { DetailTabs } from '../detail/detail-tabs';
import { EnvoyTab } from '../envoy/envoy-tab';
import { DetailHeader, FactsCard, Labels } from '../ui/detail-header';
import { DetailSection } from '../ui/detail-section';
import { EntityLink, entityPath } from '../ui/entity-link';
import { Failure, Loading, RefreshFailed } from '../ui/panel-message';
import { age } from '../ui/pods-table';
import { ConditionsList } from './conditions-list';
import { ContainersTable } from './containers-table';
import { EventsTable } from './events-table';

function facts(p: Pod, now: number) {
  const proxy =
    p.proxyReady === null
      ? 'No sidecar'
      : `istio-proxy ${p.proxyVersion ?? '(untagged)'}, ${p.proxyReady ? 'ready' : 'not ready'}`;
  return [
    { term: 'Status', value: p.status },
    { term: 'Phase', value: p.phase },
    { term: 'Ready', value: `${p.readyContainers}/${p.totalContainers}` },
    { term: 'Restarts', value: String(p.restarts) },
    { term: 'Age', value: age(p.createdAt, now) },
    {
      term: 'Workload',
      value: p.workload ? (
        <EntityLink path={entityPath(p.namespace, 'workloads', p.workload.name)}>
          {p.workload.name} ({p.workload.kind})
        </EntityLink>
      ) : (
        '—'
      ),
    },
    { term: 'Controlled by', value: p.owner ? `${p.owner.kind}/${p.owner.name}` : '—' },
    {
      term: 'App',
      value: p.app ? <EntityLink path={entityPath(p.namespace, 'applications', p.app)}>{p.app}</EntityLink> : '—',
    },
    { term: 'Version', value: p.version ?? '—' },
    { term: 'Node', value: p.node ?? '—' },
    { term: 'Host IP', value: p.hostIP ?? '—' },
    { term: 'Pod IPs', value: p.podIPs.join(', ') || '—' },
    { term: 'QoS class', value: p.qosClass ?? '—' },
    { term: 'Service account', value: p.serviceAccount ?? '—' },
    { term: 'Proxy', value: proxy },
  ];
}

function Overview({ p, now }: { p: Pod; now: number }) {
  return (
    <>
      <FactsCard fields={facts(p, now)} />
      <DetailSection id="containers-heading" title={`Containers (${p.containers.length})`}>
        <ContainersTable label="Containers" containers={p.containers} />
      </DetailSection>
      {p.initContainers.length > 0 && (
        <DetailSection id="init-containers-heading" title={`Init containers (${p.initContainers.length})`}>
          <ContainersTable label="Init containers" containers={p.initContainers} />
        </DetailSection>
      )}
      <DetailSection id="conditions-heading" title="Conditions">
        <ConditionsList conditions={p.conditions} />
      </DetailSection>
      <DetailSection id="events-heading" title={`Events (${p.events.length})`}>
        {p.eventsError && (
          <p role="alert" className="rounded border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Events unavailable: {p.eventsError}
          </p>
        )}
        <EventsTable events={p.events} now={now} />
      </DetailSection>
      <DetailSection id="config-heading" title="Istio config">
        <ConfigStatusList refs={p.istioConfig} empty="No Istio config applies to this pod." />
      </DetailSection>
      <DetailSection id="labels-heading" title="Labels">
        <Labels labels={p.labels} />
      </DetailSection>
      <DetailSection id="annotations-heading" title="Annotations">
        <dl aria-label="Annotations" className="space-y-1 text-xs">
          {Object.entries(p.annotations).map(([k, v]) => (
            <div key={k} className="grid grid-cols-[minmax(10rem,20rem)_1fr] gap-2">
              <dt className="font-mono text-slate-600">{k}</dt>
              <dd className="font-mono break-all text-slate-800">{v}</dd>
            </div>
          ))}
        </dl>
        {Object.keys(p.annotations).length === 0 && <p className="text-sm text-slate-600">—</p>}
      </DetailSection>
    </>
  );
}

/** One pod's page: what `kubectl describe pod` tells, and the Envoy config of its sidecar. */
export function PodDetail({ namespace, name }: { namespace: string; name: string }) {
  const { data: p, error, isPending, dataUpdatedAt } = usePod(namespace, name);
  if (isPending) return <Loading>Loading pod {name}…</Loading>;
  if (!p) return <Failure what={`Pod ${name}`} error={error} />;
  return (
    <DetailHeader
      kind="Pod"
      name={p.name}
      namespace={p.namespace}
      back={
        p.workload
          ? { path: entityPath(p.namespace, 'workloads', p.workload.name), label: p.workload.name }
          : { path: `/workloads?namespaces=${encodeURIComponent(namespace)}`, label: 'Workloads' }
      }
    >
      {error && <RefreshFailed error={error} />}
      <DetailTabs
        label="Views of this pod"
        tabs={[
          { id: 'overview', label: 'Overview', render: () => <Overview p={p} now={dataUpdatedAt} /> },
          { id: 'envoy', label: 'Envoy', render: () => <EnvoyTab namespace={p.namespace} pods={[p.name]} /> },
        ]}
      />
    </DetailHeader>
  );
}
