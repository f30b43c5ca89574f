import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { KubeObject } from '../../../src/store/kube-object.js';
import { ObjectStore } from '../../../src/store/object-store.js';
import { GR } from '../../../src/store/resource-types.js';
import { FIXTURES } from '../../helpers/fixtures.js';

// A small sentiment-analysis mesh in namespace demo: three services, sa-logic in v1 (two pods) and v2, an ingress
// gateway in istio-system, and the Istio config from the shared fixtures.

const ISTIO_FIXTURES = `${FIXTURES}/sentiment-analysis/istio`;

export function fixtureObject(file: string, namespace = 'demo'): KubeObject {
  const object = parse(readFileSync(`${ISTIO_FIXTURES}/${file}`, 'utf8')) as KubeObject;
  return { ...object, metadata: { ...object.metadata, namespace } };
}

function service(
  name: string,
  namespace: string,
  clusterIP: string,
  ports: object[],
  selector: Record<string, string>,
): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { clusterIP, ports, selector } };
}

function pod(input: {
  name: string;
  namespace?: string;
  ip: string;
  labels: Record<string, string>;
  serviceAccount: string;
  app?: { name: string; port: number };
}): KubeObject {
  const containers = [
    ...(input.app ? [{ name: input.app.name, ports: [{ containerPort: input.app.port, protocol: 'TCP' }] }] : []),
    {
      name: 'istio-proxy',
      ports: input.app
        ? [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }]
        : [
            { containerPort: 15021, protocol: 'TCP' },
            { containerPort: 8080, protocol: 'TCP' },
            { containerPort: 8443, protocol: 'TCP' },
            { containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' },
          ],
    },
  ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: input.name,
      namespace: input.namespace ?? 'demo',
      labels: { 'security.istio.io/tlsMode': 'istio', ...input.labels },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: input.name.replace(/-[a-z0-9]{5}$/, ''),
          uid: 'u',
          controller: true,
        },
      ],
    },
    spec: { serviceAccountName: input.serviceAccount, nodeName: 'kind-control-plane', containers },
    status: { phase: 'Running', podIP: input.ip, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

const appPod = (name: string, ip: string, app: string, version: string, port: number, hash: string) =>
  pod({
    name: `${app}-${version}-${hash}-${name}`,
    ip,
    labels: {
      app,
      version,
      'pod-template-hash': hash,
      'service.istio.io/canonical-name': app,
      'service.istio.io/canonical-revision': version,
    },
    serviceAccount: app,
    app: { name: app, port },
  });

export interface SentimentMesh {
  store: ObjectStore;
  webapp: KubeObject;
  gateway: KubeObject;
  logicV1: KubeObject[];
  logicV2: KubeObject;
}

export function sentimentMesh(options: { withEndpoints?: boolean } = {}): SentimentMesh {
  const store = new ObjectStore();
  for (const name of ['demo', 'istio-system']) {
    store.create(GR.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  const http = (port: number, targetPort: number) => [{ name: 'http', port, targetPort, protocol: 'TCP' }];
  store.create(GR.services, service('sa-logic', 'demo', '10.96.10.1', http(80, 5000), { app: 'sa-logic' }));
  store.create(GR.services, service('sa-webapp', 'demo', '10.96.10.2', http(80, 8080), { app: 'sa-webapp' }));
  store.create(GR.services, service('sa-frontend', 'demo', '10.96.10.3', http(80, 80), { app: 'sa-frontend' }));
  store.create(
    GR.services,
    service('redis', 'demo', '10.96.10.4', [{ name: 'tcp-redis', port: 6379, targetPort: 6379 }], { app: 'redis' }),
  );
  store.create(
    GR.services,
    service(
      'istio-ingressgateway',
      'istio-system',
      '10.96.0.50',
      [
        { name: 'status-port', port: 15021, targetPort: 15021, protocol: 'TCP' },
        { name: 'http2', port: 80, targetPort: 8080, protocol: 'TCP' },
        { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
      ],
      { app: 'istio-ingressgateway', istio: 'ingressgateway' },
    ),
  );

  const logicV1 = [
    appPod('a1b2c', '10.244.0.11', 'sa-logic', 'v1', 5000, '5d8f9c7b6d'),
    appPod('d3e4f', '10.244.0.12', 'sa-logic', 'v1', 5000, '5d8f9c7b6d'),
  ];
  const logicV2 = appPod('g5h6j', '10.244.0.13', 'sa-logic', 'v2', 5000, '7c9d8e6f5a');
  const webapp = appPod('k7l8m', '10.244.0.20', 'sa-webapp', 'v1', 8080, '6b7c8d9e0f');
  const frontend = appPod('n9p0q', '10.244.0.30', 'sa-frontend', 'white', 80, '4a5b6c7d8e');
  const gateway = pod({
    name: 'istio-ingressgateway-6c8d7f9b5c-x2z4w',
    namespace: 'istio-system',
    ip: '10.244.0.5',
    labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
    serviceAccount: 'istio-ingressgateway-service-account',
  });
  for (const p of [...logicV1, logicV2, webapp, frontend, gateway]) store.create(GR.pods, p);

  if (options.withEndpoints) {
    const address = (p: KubeObject) => ({
      ip: p.status.podIP,
      targetRef: { kind: 'Pod', name: p.metadata.name, namespace: 'demo' },
    });
    store.create(GR.endpoints, {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'sa-logic', namespace: 'demo' },
      subsets: [
        { addresses: [...logicV1, logicV2].map(address), ports: [{ name: 'http', port: 5000, protocol: 'TCP' }] },
      ],
    });
  }

  store.create(GR.destinationrules, fixtureObject('sa-logic-dr.yaml'));
  store.create(GR.gateways, fixtureObject('http-gateway.yaml'));
  store.create(GR.virtualservices, fixtureObject('vs-route-ingress.yaml'));
  return { store, webapp, gateway, logicV1, logicV2 };
}
