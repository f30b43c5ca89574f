// Plan inputs built from the fixtures' real manifests (the article's sentiment-analysis, Istio's Bookinfo), as the
// write path would read them from the cluster: the Service, its versions from the Deployments' pod labels, and the
// routing objects given, each in the namespace and at a resourceVersion as the API server would serve them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { PlanInput, ServiceVersion } from '../../../../server/traffic/plan-types.js';
import type { KubeObject } from '../../../../server/sources/kubernetes.js';
import { FIXTURES } from '../../../helpers/fixtures.js';

export const SA = join(FIXTURES, 'sentiment-analysis');
export const BOOKINFO = join(FIXTURES, 'bookinfo');

/** Every document of a YAML file, placed in `namespace` with a resourceVersion (a number, as etcd's are). */
export function readObjects(path: string, namespace: string): KubeObject[] {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'));
  return (Array.isArray(docs) ? docs : [docs])
    .map((d) => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null)
    .map((o, i) => ({ ...o, metadata: { ...o.metadata, namespace, resourceVersion: String(1000 + i) } }));
}

export const ofKind = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind);

/** The versions behind a Service: its Deployments' pod template labels, grouped by the `version` label. */
export function versionsOf(service: KubeObject, workloads: KubeObject[]): ServiceVersion[] {
  const selector = (service.spec?.selector ?? {}) as Record<string, string>;
  const versions: ServiceVersion[] = [];
  for (const d of ofKind(workloads, 'Deployment')) {
    const template = (d.spec?.template ?? {}) as { metadata?: { labels?: Record<string, string> } };
    const labels = template.metadata?.labels ?? {};
    if (!Object.entries(selector).every(([k, v]) => labels[k] === v) || !labels.version) continue;
    versions.push({ name: labels.version, labels, pods: Number(d.spec?.replicas ?? 1) });
  }
  return versions.sort((a, b) => a.name.localeCompare(b.name));
}

export interface FixtureInput {
  namespace?: string;
  service: string;
  kube: string[]; // files with the Service and its Deployments
  istio?: string[]; // files with VirtualServices and DestinationRules
  extra?: KubeObject[];
}

export function fixtureInput(spec: FixtureInput): PlanInput {
  const namespace = spec.namespace ?? 'default';
  const kube = spec.kube.flatMap((f) => readObjects(f, namespace));
  const istio = [...(spec.istio ?? []).flatMap((f) => readObjects(f, namespace)), ...(spec.extra ?? [])];
  const service = ofKind(kube, 'Service').find((s) => s.metadata.name === spec.service);
  if (!service) throw new Error(`no Service ${spec.service} in ${spec.kube.join(', ')}`);
  return {
    namespace,
    service,
    versions: versionsOf(service, kube),
    virtualServices: ofKind(istio, 'VirtualService'),
    destinationRules: ofKind(istio, 'DestinationRule'),
    httpRoutes: ofKind(istio, 'HTTPRoute'),
    grpcRoutes: ofKind(istio, 'GRPCRoute'),
    versionServices: {},
  };
}

/** The article's sa-logic with v1 and the canary v2, and the routing files named (none: nothing routes it). */
export const saLogic = (...istio: string[]) =>
  fixtureInput({
    service: 'sa-logic',
    kube: [join(SA, 'kube/sa-logic-service.yaml'), join(SA, 'kube/canary/sa-logic-v2.yaml')],
    istio: istio.map((f) => join(SA, 'istio', f)),
  });

/** Bookinfo's reviews (v1, v2, v3) with the networking files named. */
export const reviews = (...networking: string[]) =>
  fixtureInput({
    service: 'reviews',
    kube: [join(BOOKINFO, 'kube/bookinfo.yaml')],
    istio: networking.map((f) => join(BOOKINFO, 'networking', f)),
  });
