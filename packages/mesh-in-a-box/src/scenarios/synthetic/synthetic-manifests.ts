import type { KubeObject } from '../../store/kube-object.js';
import { BEHAVIOUR_ANNOTATION, type Behaviour } from '../../traffic/behaviour.js';

// Builders for the synthetic scenario's objects, written as a person would write the YAML.

export interface AppPort {
  name: string;
  port: number;
  containerPortName: string;
}

export function namespaceManifest(name: string, injection: boolean): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, ...(injection ? { labels: { 'istio-injection': 'enabled' } } : {}) },
  };
}

export function serviceAccountManifest(namespace: string, name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace, labels: { account: name } } };
}

export function serviceManifest(namespace: string, app: string, port: AppPort): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: app, namespace, labels: { app, service: app } },
    spec: { selector: { app }, ports: [{ name: port.name, port: port.port, targetPort: port.port }] },
  };
}

export interface DeploymentInput {
  namespace: string;
  app: string;
  version: string;
  /** The Deployment's name: the app's, or `<app>-<version>` when several versions run. */
  name: string;
  image: string;
  port: AppPort;
  behaviour: Behaviour;
  sidecar: 'namespace-default' | 'opted-out';
}

export function deploymentManifest(input: DeploymentInput): KubeObject {
  const { namespace, app, version, name, port } = input;
  const podLabels: Record<string, string> = { app, version };
  if (input.sidecar === 'opted-out') podLabels['sidecar.istio.io/inject'] = 'false';
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app, version } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app, version } },
      template: {
        metadata: { labels: podLabels, annotations: { [BEHAVIOUR_ANNOTATION]: JSON.stringify(input.behaviour) } },
        spec: {
          serviceAccountName: app,
          containers: [
            {
              name: app,
              image: input.image,
              ports: [{ name: port.containerPortName, containerPort: port.port }],
            },
          ],
        },
      },
    },
  };
}

export function destinationRuleManifest(namespace: string, app: string, withPolicy: boolean): KubeObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: app, namespace },
    spec: {
      host: app,
      ...(withPolicy
        ? {
            trafficPolicy: {
              connectionPool: { http: { http1MaxPendingRequests: 100, maxRequestsPerConnection: 10 } },
              outlierDetection: { consecutive5xxErrors: 5, interval: '30s', baseEjectionTime: '60s' },
            },
          }
        : {}),
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2' } },
      ],
    },
  };
}

/** Three ways teams route a second version: a weighted canary, a header opt-in, or v1 only with retries. */
export function virtualServiceManifest(namespace: string, app: string, style: number): KubeObject {
  const to = (subset: string, weight?: number) => ({
    destination: { host: app, subset },
    ...(weight ? { weight } : {}),
  });
  const http =
    style % 3 === 0
      ? [{ name: 'canary', route: [to('v1', 90), to('v2', 10)] }]
      : style % 3 === 1
        ? [
            { name: 'opt-in', match: [{ headers: { 'x-canary': { exact: 'true' } } }], route: [to('v2')] },
            { name: 'default', route: [to('v1')] },
          ]
        : [
            {
              name: 'stable',
              route: [to('v1')],
              timeout: '10s',
              retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx,reset,connect-failure' },
            },
          ];
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: app, namespace },
    spec: { hosts: [app], http },
  };
}

export interface ExternalHost {
  name: string;
  host: string;
  port: number;
  portName: string;
  protocol: 'HTTP' | 'TLS';
  path: string;
}

// APIs outside the mesh some apps depend on. TLS ones are opaque to the proxy: it sees TCP to the host.
export const EXTERNAL_HOSTS: ExternalHost[] = [
  {
    name: 'payments-api',
    host: 'api.payments.example.com',
    port: 443,
    portName: 'tls',
    protocol: 'TLS',
    path: '/v1/charges',
  },
  {
    name: 'shipping-api',
    host: 'api.shipping.example.com',
    port: 80,
    portName: 'http',
    protocol: 'HTTP',
    path: '/v2/rates',
  },
  {
    name: 'chat-hooks',
    host: 'hooks.chat.example.com',
    port: 443,
    portName: 'tls',
    protocol: 'TLS',
    path: '/services',
  },
];

export function serviceEntryManifest(namespace: string, external: ExternalHost): KubeObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'ServiceEntry',
    metadata: { name: external.name, namespace },
    spec: {
      hosts: [external.host],
      location: 'MESH_EXTERNAL',
      resolution: 'DNS',
      ports: [{ number: external.port, name: external.portName, protocol: external.protocol }],
    },
  };
}

export function entryManifests(
  namespace: string,
  fronts: { app: string; namespace: string; port: number }[],
): KubeObject[] {
  return [
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'synthetic-gateway', namespace },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
      },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'synthetic-entry', namespace },
      spec: {
        hosts: ['*'],
        gateways: ['synthetic-gateway'],
        http: fronts.map((front) => ({
          name: front.app,
          match: [{ uri: { prefix: `/${front.app}` } }],
          route: [
            {
              destination: { host: `${front.app}.${front.namespace}.svc.cluster.local`, port: { number: front.port } },
            },
          ],
        })),
      },
    },
  ];
}
