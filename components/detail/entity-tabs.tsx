'use client';
import type { IstioConfigRef } from '@/lib/api/istio-config';
import { ConfigStatusList } from '../config/config-status-list';
import { EnvoyTab } from '../envoy/envoy-tab';
import { LogsTab } from '../logs/logs-tab';
import { MetricsTab } from '../metrics/metrics-tab';
import { SecurityTab } from '../security/security-tab';
import { TracesTab } from '../traces/traces-tab';
import { TrafficPanel } from '../traffic/traffic-panel';
import { FactsCard, type Field } from '../ui/detail-header';
import { DetailSection } from '../ui/detail-section';
import { PodsTable, type PodRow } from '../ui/pods-table';
import { DetailTabs } from './detail-tabs';
import type { EntityRef } from './entity-ref';
import { NeighboursGraph } from './neighbours-graph';
import { TrafficTab } from './traffic-tab';

const NOUNS: Record<EntityRef['resource'], string> = {
  apps: 'application',
  workloads: 'workload',
  services: 'service',
};

/**
 * The tabs every app, workload and service page has, in one place so the three pages cannot drift apart: Overview
 * (facts, neighbours, pods, the Istio config that applies), Traffic, Metrics, Traces, Logs, and Security and Envoy
 * where the entity is one workload.
 */
export function EntityTabs({
  entity,
  facts,
  pods,
  istioConfig,
  withEnvoy = false,
  now,
}: {
  entity: EntityRef;
  facts: Field[];
  pods: PodRow[];
  istioConfig: IstioConfigRef[];
  withEnvoy?: boolean;
  /** When the data was fetched: the pods' ages count from it. */
  now: number;
}) {
  const noun = NOUNS[entity.resource];
  const podNames = pods.map((p) => p.name);
  return (
    <DetailTabs
      label={`Views of this ${entity.resource === 'apps' ? 'app' : noun}`}
      tabs={[
        {
          id: 'overview',
          label: 'Overview',
          render: () => (
            <>
              <FactsCard fields={facts} />
              <NeighboursGraph entity={entity} />
              <DetailSection id="pods-heading" title={`Pods (${pods.length})`}>
                <PodsTable label={`Pods of ${entity.name}`} namespace={entity.namespace} pods={pods} now={now} />
              </DetailSection>
              <DetailSection id="config-heading" title="Istio config">
                <ConfigStatusList refs={istioConfig} empty={`No Istio config applies to this ${noun}.`} />
              </DetailSection>
            </>
          ),
        },
        { id: 'traffic', label: 'Traffic', render: () => <TrafficTab entity={entity} /> },
        { id: 'metrics', label: 'Metrics', render: () => <MetricsTab entity={entity} /> },
        { id: 'traces', label: 'Traces', render: () => <TracesTab entity={entity} /> },
        { id: 'logs', label: 'Logs', render: () => <LogsTab entity={entity} pods={podNames} /> },
        // Where the service's traffic goes by version, and the one-click changes to it (issue 19).
        ...(entity.resource === 'services'
          ? [
              {
                id: 'routing',
                label: 'Routing',
                render: () => <TrafficPanel service={{ namespace: entity.namespace, name: entity.name }} />,
              },
            ]
          : []),
        ...(entity.resource === 'workloads'
          ? [
              {
                id: 'security',
                label: 'Security',
                render: () => <SecurityTab namespace={entity.namespace} name={entity.name} />,
              },
            ]
          : []),
        ...(withEnvoy
          ? [
              {
                id: 'envoy',
                label: 'Envoy',
                render: () => <EnvoyTab namespace={entity.namespace} pods={podNames} />,
              },
            ]
          : []),
      ]}
    />
  );
}
