// One loader per list and detail view: the I/O (cache + Prometheus) then the pure builders.
import type { App, AppDetail } from '../../../lib/api/apps.js';
import type { Service, ServiceDetail } from '../../../lib/api/services.js';
import type { Workload, WorkloadDetail } from '../../../lib/api/workloads.js';
import type { Sources } from '../../sources/sources.js';
import { buildAppDetail, buildServiceDetail, buildWorkloadDetail, type DetailConfigInputs } from '../build-details.js';
import { buildAppList, buildServiceList, buildWorkloadList } from '../build-mesh.js';
import { loadAppliedConfigObjects } from './load-applied-config.js';
import { loadNamespaceMesh } from './load-namespace-mesh.js';

async function detailConfig(sources: Sources, signal?: AbortSignal): Promise<DetailConfigInputs> {
  return {
    rootNamespace: sources.config.istioNamespace,
    objects: await loadAppliedConfigObjects(sources.kubernetes, signal),
  };
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
  const [inputs, config] = await Promise.all([
    loadNamespaceMesh(sources, namespace, q.window, signal),
    detailConfig(sources, signal),
  ]);
  return buildWorkloadDetail(inputs, name, config);
}

export async function loadApp(
  sources: Sources,
  namespace: string,
  name: string,
  q: WindowQuery,
  signal?: AbortSignal,
): Promise<AppDetail> {
  const [inputs, config] = await Promise.all([
    loadNamespaceMesh(sources, namespace, q.window, signal),
    detailConfig(sources, signal),
  ]);
  return buildAppDetail(inputs, name, config);
}

export async function loadService(
  sources: Sources,
  namespace: string,
  name: string,
  q: WindowQuery,
  signal?: AbortSignal,
): Promise<ServiceDetail> {
  const [inputs, config] = await Promise.all([
    loadNamespaceMesh(sources, namespace, q.window, signal),
    detailConfig(sources, signal),
  ]);
  return buildServiceDetail(inputs, name, config);
}
