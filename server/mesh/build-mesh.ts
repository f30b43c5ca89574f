// The contract objects of the lists (workloads, apps, services) from the mesh model, the Istio config index and the
// namespace's traffic. Pure: everything arrives as values.
import type { App } from '../../lib/api/apps.js';
import type { Service } from '../../lib/api/services.js';
import type { Badge, Workload } from '../../lib/api/workloads.js';
import type { KubeObject } from '../sources/kubernetes.js';
import type { WorkloadModel } from './build-workloads.js';
import {
  computeHealth,
  RATE_ANNOTATION,
  tolerancesFromAnnotation,
  type CompiledTolerance,
  type RequestTraffic,
} from './health.js';
import { serviceHost, type ConfigRef, type HostIndex } from './istio-refs.js';
import { selects, sidecarExemption } from './pod-facts.js';
import { entityKey, sumCodeRates, type CodeRatesByEntity, type NamespaceTraffic } from './traffic-queries.js';

export interface MeshInputs {
  namespace: string;
  workloads: WorkloadModel[];
  services: readonly KubeObject[];
  virtualServices: HostIndex;
  destinationRules: HostIndex;
  /** null when Prometheus could not be asked; then metricsError says why. */
  traffic: NamespaceTraffic | null;
  metricsError?: string;
  tolerances: CompiledTolerance[];
  /** Istio Gateway objects of every namespace: a gateway workload's badge links to those selecting it. */
  gateways?: readonly KubeObject[];
  /** The control plane's namespace (ISTIO_NAMESPACE): no sidecar is expected there. */
  istioNamespace: string;
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  selector?: Record<string, string>;
  ports?: { name?: string; port: number; protocol?: string }[];
}

export interface ServiceLinks {
  /** service name → names of the workloads it selects */
  workloadsOfService: Map<string, string[]>;
  /** workload name → names of the services selecting it */
  servicesOfWorkload: Map<string, string[]>;
}

/** Which services select which workloads, via an index of workloads by label so each selector checks few candidates. */
export function linkServices(workloads: readonly WorkloadModel[], services: readonly KubeObject[]): ServiceLinks {
  const byLabel = new Map<string, WorkloadModel[]>();
  for (const w of workloads) {
    for (const [k, v] of Object.entries(w.labels)) {
      const key = `${k}=${v}`;
      const list = byLabel.get(key);
      if (list) list.push(w);
      else byLabel.set(key, [w]);
    }
  }
  const links: ServiceLinks = { workloadsOfService: new Map(), servicesOfWorkload: new Map() };
  for (const svc of services) {
    const selector = (svc.spec as ServiceSpec | undefined)?.selector;
    const first = selector && Object.entries(selector)[0];
    const names: string[] = [];
    if (first) {
      for (const w of byLabel.get(`${first[0]}=${first[1]}`) ?? []) {
        if (!selects(selector, w.labels) || names.includes(w.name)) continue;
        names.push(w.name);
        const back = links.servicesOfWorkload.get(w.name);
        if (back) back.push(svc.metadata.name);
        else links.servicesOfWorkload.set(w.name, [svc.metadata.name]);
      }
    }
    links.workloadsOfService.set(svc.metadata.name, names.sort());
  }
  return links;
}

function trafficOf(
  inputs: MeshInputs,
  inbound: CodeRatesByEntity | undefined,
  outbound: CodeRatesByEntity | undefined,
  key: string,
): RequestTraffic | null {
  if (!inputs.traffic) return null;
  return { inbound: inbound?.get(key) ?? [], outbound: outbound?.get(key) ?? [] };
}

/** The badges of the Istio config naming some services, from that config itself (what the badges link to). */
function configBadges(refs: readonly ConfigRef[]): Badge[] {
  const badges: Badge[] = [];
  if (refs.some((r) => r.kind === 'VirtualService')) badges.push('virtual-service');
  if (refs.some((r) => r.kind === 'DestinationRule')) badges.push('destination-rule');
  return badges;
}

/** The Istio Gateways whose selector picks this gateway workload (from any namespace, Istio's default scope). */
function gatewayRefs(inputs: MeshInputs, w: WorkloadModel): ConfigRef[] {
  if (!w.isGateway || !inputs.gateways) return [];
  return inputs.gateways
    .filter((g) => selects((g.spec as { selector?: Record<string, string> } | undefined)?.selector, w.labels))
    .map((g) => ({ kind: 'Gateway', namespace: g.metadata.namespace ?? '', name: g.metadata.name }));
}

function uniqueRefs(refs: readonly ConfigRef[]): ConfigRef[] {
  return [...new Map(refs.map((r) => [`${r.kind}/${r.namespace}/${r.name}`, r])).values()];
}

const exemptionOf = (inputs: MeshInputs, w: WorkloadModel) =>
  w.hasSidecar ? null : sidecarExemption(w, inputs.istioNamespace);

/** The app needs no sidecar when none of its workloads without one needs it. */
function appExemption(inputs: MeshInputs, workloads: readonly WorkloadModel[]): string | null {
  const exemptions = workloads.filter((w) => !w.hasSidecar).map((w) => exemptionOf(inputs, w));
  return exemptions.length > 0 && exemptions.every((e) => e !== null) ? exemptions[0]! : null;
}

function workloadBadges(inputs: MeshInputs, w: WorkloadModel): Badge[] {
  const badges: Badge[] = [];
  if (w.pods.length > 0 && !w.hasSidecar && exemptionOf(inputs, w) === null) badges.push('missing-sidecar');
  if (w.ambient) badges.push('ambient');
  if (w.isGateway) badges.push('gateway');
  if (w.replicas.desired > 0 && w.replicas.available < w.replicas.desired) badges.push('not-ready');
  return badges;
}

export function buildWorkloadList(
  inputs: MeshInputs,
  links = linkServices(inputs.workloads, inputs.services),
): Workload[] {
  const t = inputs.traffic;
  return inputs.workloads.map((w) => {
    const key = entityKey(w.namespace, w.name);
    const istioConfig = [
      ...configRefsForServices(inputs, links.servicesOfWorkload.get(w.name) ?? []),
      ...gatewayRefs(inputs, w),
    ];
    return {
      name: w.name,
      namespace: w.namespace,
      app: w.app,
      version: w.version,
      kind: w.kind,
      pods: { ready: w.replicas.available, desired: w.replicas.desired },
      hasSidecar: w.hasSidecar,
      sidecarExemption: exemptionOf(inputs, w),
      labels: w.labels,
      health: computeHealth({
        traffic: trafficOf(inputs, t?.workloadsIn, t?.workloadsOut, key),
        replicas: [w.replicas],
        tolerances: tolerancesFromAnnotation(w.annotations[RATE_ANNOTATION]) ?? inputs.tolerances,
        metricsError: inputs.metricsError,
      }),
      badges: [...workloadBadges(inputs, w), ...configBadges(istioConfig)],
      istioConfig,
    };
  });
}

export function buildAppList(inputs: MeshInputs, links = linkServices(inputs.workloads, inputs.services)): App[] {
  const byApp = new Map<string, WorkloadModel[]>();
  for (const w of inputs.workloads) {
    if (!w.app) continue;
    const list = byApp.get(w.app);
    if (list) list.push(w);
    else byApp.set(w.app, [w]);
  }
  const t = inputs.traffic;
  const apps: App[] = [];
  for (const [name, workloads] of byApp) {
    const services = [...new Set(workloads.flatMap((w) => links.servicesOfWorkload.get(w.name) ?? []))].sort();
    const versions = [...new Set(workloads.map((w) => w.version).filter((v): v is string => v !== null))].sort();
    const badges = new Set<Badge>(workloads.flatMap((w) => workloadBadges(inputs, w)).filter((b) => b !== 'not-ready'));
    if (workloads.some((w) => w.replicas.desired > 0 && w.replicas.available < w.replicas.desired))
      badges.add('not-ready');
    const istioConfig = [
      ...configRefsForServices(inputs, services),
      ...uniqueRefs(workloads.flatMap((w) => gatewayRefs(inputs, w))),
    ];
    for (const b of configBadges(istioConfig)) badges.add(b);
    // Kiali keys app traffic by canonical service; workloads whose canonical name differs are added by workload.
    const key = entityKey(inputs.namespace, name);
    const traffic = trafficOf(inputs, t?.appsIn, t?.appsOut, key);
    apps.push({
      name,
      namespace: inputs.namespace,
      versions,
      workloads: workloads.map((w) => w.name),
      services,
      hasSidecar: workloads.every((w) => w.hasSidecar),
      sidecarExemption: appExemption(inputs, workloads),
      health: computeHealth({
        traffic: traffic && { inbound: sumCodeRates([traffic.inbound]), outbound: sumCodeRates([traffic.outbound]) },
        replicas: workloads.map((w) => w.replicas),
        tolerances: inputs.tolerances,
        metricsError: inputs.metricsError,
      }),
      badges: [...badges],
      istioConfig,
    });
  }
  return apps.sort((a, b) => a.name.localeCompare(b.name));
}

export function buildServiceList(
  inputs: MeshInputs,
  links = linkServices(inputs.workloads, inputs.services),
): Service[] {
  const gateways = new Map(inputs.workloads.filter((w) => w.isGateway).map((w) => [w.name, w]));
  const t = inputs.traffic;
  return inputs.services
    .map((svc) => {
      const spec = (svc.spec ?? {}) as ServiceSpec;
      const name = svc.metadata.name;
      const workloads = links.workloadsOfService.get(name) ?? [];
      const gatewayWorkloads = workloads.flatMap((w) => gateways.get(w) ?? []);
      const istioConfig = [
        ...configRefsForServices(inputs, [name]),
        ...uniqueRefs(gatewayWorkloads.flatMap((w) => gatewayRefs(inputs, w))),
      ];
      const badges = configBadges(istioConfig);
      if (gatewayWorkloads.length > 0) badges.push('gateway');
      // Kiali: a service's health is its inbound request status only.
      const traffic = t ? { inbound: t.servicesIn.get(entityKey(inputs.namespace, name)) ?? [], outbound: [] } : null;
      return {
        name,
        namespace: inputs.namespace,
        type: spec.type ?? 'ClusterIP',
        clusterIP: spec.clusterIP && spec.clusterIP !== 'None' ? spec.clusterIP : null,
        ports: (spec.ports ?? []).map((p) => ({ name: p.name ?? null, port: p.port, protocol: p.protocol ?? 'TCP' })),
        selector: spec.selector ?? null,
        workloads,
        health: computeHealth({
          traffic,
          replicas: [],
          tolerances: tolerancesFromAnnotation(svc.metadata.annotations?.[RATE_ANNOTATION]) ?? inputs.tolerances,
          metricsError: inputs.metricsError,
        }),
        badges,
        istioConfig,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The Istio config that names a service host. */
export function configRefsForServices(inputs: MeshInputs, serviceNames: readonly string[]): ConfigRef[] {
  const refs = new Map<string, ConfigRef>();
  for (const s of serviceNames) {
    const host = serviceHost(inputs.namespace, s);
    for (const r of [...inputs.virtualServices.refsFor(host), ...inputs.destinationRules.refsFor(host)])
      refs.set(`${r.kind}/${r.namespace}/${r.name}`, r);
  }
  return [...refs.values()];
}
