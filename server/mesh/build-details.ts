// The detail pages' contract objects (one workload, app or service with what its page adds to its list row), from
// the same inputs as the lists. Pure: a name the namespace does not hold is a NotFoundError naming it.
import type { AppDetail } from '../../lib/api/apps.js';
import type { ServiceDetail } from '../../lib/api/services.js';
import type { PodSummary, WorkloadDetail } from '../../lib/api/workloads.js';
import { NotFoundError } from '../errors.js';
import { buildAppList, buildServiceList, buildWorkloadList, linkServices, type MeshInputs } from './build-mesh.js';
import type { WorkloadModel } from './build-workloads.js';
import { appliedConfig } from './applied-config.js';
import type { ConfigRef } from './istio-refs.js';
import { selects } from './pod-facts.js';
import type { KubeObject } from '../sources/kubernetes.js';

/** What the detail pages add to the lists' inputs to find every Istio object that applies. */
export interface DetailConfigInputs {
  rootNamespace: string;
  objects: readonly KubeObject[];
}

const labelsOf = (w: WorkloadModel) => (w.pods.length > 0 ? w.pods.map((p) => p.labels) : [w.labels]);

/** The list entry's refs (VirtualService, DestinationRule, Gateway) and every other object that applies. */
function withApplied(
  inputs: MeshInputs,
  config: DetailConfigInputs | undefined,
  own: readonly ConfigRef[],
  target: { workloads: readonly WorkloadModel[]; services: readonly string[] },
): ConfigRef[] {
  if (!config) return [...own];
  const applied = appliedConfig(
    { ...config, virtualServices: inputs.virtualServices, destinationRules: inputs.destinationRules },
    { namespace: inputs.namespace, workloadLabels: target.workloads.flatMap(labelsOf), services: target.services },
  );
  const all = new Map([...own, ...applied].map((r) => [`${r.kind}/${r.namespace}/${r.name}`, r]));
  return [...all.values()];
}

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
    istioConfig: withApplied(inputs, config, entry.istioConfig, { workloads: [model], services }),
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
    istioConfig: withApplied(inputs, config, entry.istioConfig, { workloads: members, services: entry.services }),
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
  const selected = inputs.workloads.filter((w) => members.has(w.name));
  return {
    ...entry,
    istioConfig: withApplied(inputs, config, entry.istioConfig, { workloads: selected, services: [name] }),
    podList,
    createdAt: svc.metadata.creationTimestamp ?? null,
  };
}
