// One loader per list and detail view: the I/O (cache + Prometheus) then the pure builders.
import type { App, AppDetail } from '../../../lib/api/apps.js';
import type { Service, ServiceDetail } from '../../../lib/api/services.js';
import type { PodSummary, Workload, WorkloadDetail } from '../../../lib/api/workloads.js';
import { NotFoundError } from '../../errors.js';
import type { Sources } from '../../sources/sources.js';
import { buildAppList, buildServiceList, buildWorkloadList, linkServices } from '../build-mesh.js';
import type { WorkloadModel } from '../build-workloads.js';
import { loadNamespaceMesh } from './load-namespace-mesh.js';

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
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface WindowQuery {
  window: string;
}

export async function loadWorkloads(
  sources: Sources,
  namespace: string,
  q: WindowQuery,
  signal?: AbortSignal,
): Promise<Workload[]> {
  return buildWorkloadList(await loadNamespaceMesh(sources, namespace, q.window, signal));
}

export async function loadApps(
  sources: Sources,
  namespace: string,
  q: WindowQuery,
  signal?: AbortSignal,
): Promise<App[]> {
  return buildAppList(await loadNamespaceMesh(sources, namespace, q.window, signal));
}

export async function loadServices(
  sources: Sources,
  namespace: string,
  q: WindowQuery,
  signal?: AbortSignal,
): Promise<Service[]> {
  return buildServiceList(await loadNamespaceMesh(sources, namespace, q.window, signal));
}

export async function loadWorkload(
  sources: Sources,
  namespace: string,
  name: string,
  q: WindowQuery,
  signal?: AbortSignal,
): Promise<WorkloadDetail> {
  const inputs = await loadNamespaceMesh(sources, namespace, q.window, signal);
  const model = inputs.workloads.find((w) => w.name === name);
  if (!model) throw new NotFoundError(`workload ${name} does not exist in namespace ${namespace}`);
  const links = linkServices(inputs.workloads, inputs.services);
  const entry = buildWorkloadList({ ...inputs, workloads: [model] }, links)[0]!;
  const services = links.servicesOfWorkload.get(name) ?? [];
  return {
    ...entry,
    podList: podSummaries(model),
    services: [...services].sort(),
    createdAt: model.createdAt,
  };
}

export async function loadApp(
  sources: Sources,
  namespace: string,
  name: string,
  q: WindowQuery,
  signal?: AbortSignal,
): Promise<AppDetail> {
  const inputs = await loadNamespaceMesh(sources, namespace, q.window, signal);
  const members = inputs.workloads.filter((w) => w.app === name);
  if (members.length === 0) throw new NotFoundError(`app ${name} does not exist in namespace ${namespace}`);
  const links = linkServices(inputs.workloads, inputs.services);
  const scoped = { ...inputs, workloads: members };
  const entry = buildAppList(scoped, links)[0]!;
  const pods = new Map(members.map((w) => [w.name, podSummaries(w)]));
  return {
    ...entry,
    workloadList: buildWorkloadList(scoped, links).map((w) => ({ ...w, podList: pods.get(w.name) ?? [] })),
  };
}

export async function loadService(
  sources: Sources,
  namespace: string,
  name: string,
  q: WindowQuery,
  signal?: AbortSignal,
): Promise<ServiceDetail> {
  const inputs = await loadNamespaceMesh(sources, namespace, q.window, signal);
  const svc = inputs.services.find((s) => s.metadata.name === name);
  if (!svc) throw new NotFoundError(`service ${name} does not exist in namespace ${namespace}`);
  const links = linkServices(inputs.workloads, inputs.services);
  const entry = buildServiceList({ ...inputs, services: [svc] }, links)[0]!;
  return {
    ...entry,
    createdAt: svc.metadata.creationTimestamp ?? null,
  };
}
