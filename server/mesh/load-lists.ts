// One loader per list and detail view: the I/O (cache + Prometheus) then the pure builders.
import type { App, AppDetail } from '../../lib/api/apps.js';
import type { Service, ServiceDetail } from '../../lib/api/services.js';
import type { Workload, WorkloadDetail } from '../../lib/api/workloads.js';
import { NotFoundError } from '../not-found-error.js';
import type { Sources } from '../sources/sources.js';
import {
  buildAppList,
  buildServiceList,
  buildWorkloadList,
  configRefsForServices,
  linkServices,
} from './build-mesh.js';
import { loadNamespaceMesh } from './load-namespace-mesh.js';

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
    podList: model.pods.map((p) => ({
      name: p.name,
      phase: p.phase,
      ready: p.ready,
      hasSidecar: p.hasSidecar,
      ip: p.ip,
      node: p.node,
      createdAt: p.createdAt,
    })),
    services: [...services].sort(),
    istioConfig: configRefsForServices(inputs, services),
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
  return {
    ...entry,
    workloadList: buildWorkloadList(scoped, links),
    istioConfig: configRefsForServices(inputs, entry.services),
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
    istioConfig: configRefsForServices(inputs, [name]),
    createdAt: svc.metadata.creationTimestamp ?? null,
  };
}
