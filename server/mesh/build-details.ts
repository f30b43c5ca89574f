// The detail pages' contract objects (one workload, app or service with what its page adds to its list row), from
// the same inputs as the lists. Pure: a name the namespace does not hold is a NotFoundError naming it.
import type { AppDetail } from '../../lib/api/apps.js';
import type { EntityResource } from '../../lib/api/entity-ref.js';
import type { ServiceDetail } from '../../lib/api/services.js';
import type { PodSummary, WorkloadDetail } from '../../lib/api/workloads.js';
import { NotFoundError } from '../errors.js';
import {
  buildAppList,
  buildServiceList,
  buildWorkloadList,
  linkServices,
  type MeshInputs,
  type ServiceLinks,
} from './build-mesh.js';
import type { WorkloadModel } from './build-workloads.js';
import { appliedConfig, configTarget, type ConfigTarget } from './applied-config.js';
import type { ConfigRef } from './istio-refs.js';
import { selects } from './pod-facts.js';
import type { KubeObject } from '../sources/kubernetes.js';

/** What the detail pages add to the lists' inputs to find every Istio object that applies. */
export interface DetailConfigInputs {
  rootNamespace: string;
  objects: readonly KubeObject[];
}

/** The list entry's refs (VirtualService, DestinationRule, Gateway) and every other object that applies. */
function withApplied(
  inputs: MeshInputs,
  config: DetailConfigInputs | undefined,
  own: readonly ConfigRef[],
  target: ConfigTarget,
): ConfigRef[] {
  if (!config) return [...own];
  const applied = appliedConfig(
    { ...config, virtualServices: inputs.virtualServices, destinationRules: inputs.destinationRules },
    target,
  );
  const all = new Map([...own, ...applied].map((r) => [`${r.kind}/${r.namespace}/${r.name}`, r]));
  return [...all.values()];
}

const target = (resource: EntityResource, inputs: MeshInputs, links: ServiceLinks, name: string) =>
  configTarget(inputs.workloads, links, { namespace: inputs.namespace, resource, name });

function podSummaries(w: WorkloadModel): PodSummary[] {
  return w.pods
    .map((p) => ({
      name: p.name,
      phase: p.phase,
      ready: p.ready,
      hasSidecar: p.hasSidecar,
      ip: p.ip,
      node: p.node,
      createdAt: p.createdAt,
      status: p.status,
      readyContainers: p.readyContainers,
      totalContainers: p.totalContainers,
      restarts: p.restarts,
      proxyVersion: p.proxyVersion,
      proxyReady: p.proxyReady,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function buildWorkloadDetail(inputs: MeshInputs, name: string, config?: DetailConfigInputs): WorkloadDetail {
  const model = inputs.workloads.find((w) => w.name === name);
  if (!model) throw new NotFoundError(`workload ${name} does not exist in namespace ${inputs.namespace}`);
  const links = linkServices(inputs.workloads, inputs.services);
  const entry = buildWorkloadList({ ...inputs, workloads: [model] }, links)[0]!;
  const services = links.servicesOfWorkload.get(name) ?? [];
  return {
    ...entry,
    istioConfig: withApplied(inputs, config, entry.istioConfig, target('workloads', inputs, links, name)),
    podList: podSummaries(model),
    services: [...services].sort(),
    createdAt: model.createdAt,
  };
}

export function buildAppDetail(inputs: MeshInputs, name: string, config?: DetailConfigInputs): AppDetail {
  const members = inputs.workloads.filter((w) => w.app === name);
  if (members.length === 0) throw new NotFoundError(`app ${name} does not exist in namespace ${inputs.namespace}`);
  const links = linkServices(inputs.workloads, inputs.services);
  const scoped = { ...inputs, workloads: members };
  const entry = buildAppList(scoped, links)[0]!;
  const pods = new Map(members.map((w) => [w.name, podSummaries(w)]));
  return {
    ...entry,
    istioConfig: withApplied(inputs, config, entry.istioConfig, target('apps', inputs, links, name)),
    workloadList: buildWorkloadList(scoped, links).map((w) => ({ ...w, podList: pods.get(w.name) ?? [] })),
  };
}

export function buildServiceDetail(inputs: MeshInputs, name: string, config?: DetailConfigInputs): ServiceDetail {
  const svc = inputs.services.find((s) => s.metadata.name === name);
  if (!svc) throw new NotFoundError(`service ${name} does not exist in namespace ${inputs.namespace}`);
  const links = linkServices(inputs.workloads, inputs.services);
  const entry = buildServiceList({ ...inputs, services: [svc] }, links)[0]!;
  // The service's pods: those of the workloads it selects whose own labels match its selector (its endpoints).
  const selector = (svc.spec as { selector?: Record<string, string> } | undefined)?.selector;
  const members = new Set(links.workloadsOfService.get(name) ?? []);
  const podList = inputs.workloads
    .filter((w) => members.has(w.name))
    .flatMap((w) => {
      const names = new Set(w.pods.filter((p) => selects(selector, p.labels)).map((p) => p.name));
      return podSummaries(w)
        .filter((p) => names.has(p.name))
        .map((p) => ({ ...p, workload: w.name }));
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    ...entry,
    istioConfig: withApplied(inputs, config, entry.istioConfig, target('services', inputs, links, name)),
    podList,
    createdAt: svc.metadata.creationTimestamp ?? null,
  };
}
