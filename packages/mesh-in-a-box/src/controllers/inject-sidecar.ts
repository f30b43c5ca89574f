import type { KubeObject } from '../store/kube-object.js';

// What Istio 1.24's sidecar injector webhook adds to a pod, written out for the default `sidecar` template with
// native sidecars off (the 1.24 default): istio-init sets up the iptables redirect, istio-proxy runs Envoy.
export const PROXY_IMAGE = 'docker.io/istio/proxyv2:1.24.0';
export const PROXY_CONTAINER = 'istio-proxy';
export const INIT_CONTAINER = 'istio-init';

const MESH_DOMAIN = 'cluster.local';
const STATUS_PORT = 15020; // pilot-agent's merged Prometheus endpoint (Envoy's and the app's metrics)
const HEALTH_PORT = 15021;

const VOLUMES = [
  { name: 'workload-socket', emptyDir: {} },
  { name: 'credential-socket', emptyDir: {} },
  { name: 'workload-certs', emptyDir: {} },
  { name: 'istio-envoy', emptyDir: { medium: 'Memory' } },
  { name: 'istio-data', emptyDir: {} },
  {
    name: 'istio-podinfo',
    downwardAPI: {
      items: [
        { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
        { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
      ],
    },
  },
  {
    name: 'istio-token',
    projected: {
      sources: [{ serviceAccountToken: { audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token' } }],
    },
  },
  { name: 'istiod-ca-cert', configMap: { name: 'istio-ca-root-cert' } },
];

const VOLUME_MOUNTS = [
  { name: 'workload-socket', mountPath: '/var/run/secrets/workload-spiffe-uds' },
  { name: 'credential-socket', mountPath: '/var/run/secrets/credential-uds' },
  { name: 'workload-certs', mountPath: '/var/run/secrets/workload-spiffe-credentials' },
  { name: 'istiod-ca-cert', mountPath: '/var/run/secrets/istio' },
  { name: 'istio-data', mountPath: '/var/lib/istio/data' },
  { name: 'istio-envoy', mountPath: '/etc/istio/proxy' },
  { name: 'istio-token', mountPath: '/var/run/secrets/tokens' },
  { name: 'istio-podinfo', mountPath: '/etc/istio/pod' },
];

const RESOURCES = { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '100m', memory: '128Mi' } };

const fieldEnv = (name: string, fieldPath: string) => ({
  name,
  valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } },
});
const resourceEnv = (name: string, resource: string) => ({
  name,
  valueFrom: { resourceFieldRef: { divisor: '0', resource } },
});

// The proxy's environment in the injector's order; the per-pod entries are spliced in between these shared ones.
const ENV_BEFORE_PORTS = [
  { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
  { name: 'CA_ADDR', value: 'istiod.istio-system.svc:15012' },
  fieldEnv('POD_NAME', 'metadata.name'),
  fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
  fieldEnv('INSTANCE_IP', 'status.podIP'),
  fieldEnv('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
  fieldEnv('HOST_IP', 'status.hostIP'),
  resourceEnv('ISTIO_CPU_LIMIT', 'limits.cpu'),
  { name: 'PROXY_CONFIG', value: '{}\n' },
];
const ENV_AFTER_PORTS = [resourceEnv('GOMEMLIMIT', 'limits.memory'), resourceEnv('GOMAXPROCS', 'limits.cpu')];
const ENV_AFTER_CLUSTER = [
  fieldEnv('ISTIO_META_NODE_NAME', 'spec.nodeName'),
  { name: 'ISTIO_META_INTERCEPTION_MODE', value: 'REDIRECT' },
];
const ENV_LAST = [
  { name: 'ISTIO_META_MESH_ID', value: MESH_DOMAIN },
  { name: 'TRUST_DOMAIN', value: MESH_DOMAIN },
];

interface Container {
  name: string;
  ports?: { containerPort: number; name?: string; protocol?: string }[];
  [field: string]: unknown;
}

/**
 * Whether Istio's webhook injects this pod: the namespace opts in with `istio-injection=enabled` or an `istio.io/rev`
 * label; the pod opts out with `sidecar.istio.io/inject: "false"` (label or annotation), or opts in with the label
 * set to "true" unless the namespace says `istio-injection=disabled`. Host-network pods are never injected.
 */
export function shouldInject(pod: KubeObject, namespaceLabels: Record<string, string> | undefined): boolean {
  const ns = namespaceLabels ?? {};
  const labels = pod.metadata.labels ?? {};
  if (pod.spec?.hostNetwork) return false;
  if (ns['istio-injection'] === 'disabled') return false;
  if (
    labels['sidecar.istio.io/inject'] === 'false' ||
    pod.metadata.annotations?.['sidecar.istio.io/inject'] === 'false'
  )
    return false;
  if (isInjected(pod)) return false;
  if (labels['sidecar.istio.io/inject'] === 'true' || labels['istio.io/rev'] !== undefined) return true;
  return ns['istio-injection'] === 'enabled' || ns['istio.io/rev'] !== undefined;
}

export function isInjected(pod: KubeObject): boolean {
  if (pod.metadata.annotations?.['sidecar.istio.io/status']) return true;
  return ((pod.spec?.containers ?? []) as Container[]).some((c) => c.name === PROXY_CONTAINER);
}

export interface InjectionInput {
  pod: KubeObject;
  namespaceLabels: Record<string, string> | undefined;
  /** The Deployment (or other owner) name, which Istio reports as the workload. */
  workloadName: string;
  /** Istio's cluster id (ISTIO_META_CLUSTER_ID). */
  cluster: string;
  /** The owner's kind and API group path for ISTIO_META_OWNER, e.g. 'apis/apps/v1' + 'deployments'. */
  owner?: { apiPath: string; resource: string };
}

/** A copy of the pod with Istio's sidecar added; the input is not changed. */
export function injectSidecar({ pod, namespaceLabels, workloadName, cluster, owner }: InjectionInput): KubeObject {
  const namespace = pod.metadata.namespace ?? 'default';
  const appContainers = (pod.spec?.containers ?? []) as Container[];
  const labels = { ...pod.metadata.labels };
  const annotations = { ...pod.metadata.annotations };
  const revision = namespaceLabels?.['istio.io/rev'] ?? labels['istio.io/rev'] ?? 'default';

  labels['security.istio.io/tlsMode'] = 'istio';
  labels['service.istio.io/canonical-name'] ??= labels['app.kubernetes.io/name'] ?? labels['app'] ?? workloadName;
  labels['service.istio.io/canonical-revision'] ??=
    labels['app.kubernetes.io/version'] ?? labels['version'] ?? 'latest';

  const env: unknown[] = [
    ...ENV_BEFORE_PORTS,
    { name: 'ISTIO_META_POD_PORTS', value: JSON.stringify(podPorts(appContainers)) },
    { name: 'ISTIO_META_APP_CONTAINERS', value: appContainers.map((c) => c.name).join(',') },
    ...ENV_AFTER_PORTS,
    { name: 'ISTIO_META_CLUSTER_ID', value: cluster },
    ...ENV_AFTER_CLUSTER,
    { name: 'ISTIO_META_WORKLOAD_NAME', value: workloadName },
    {
      name: 'ISTIO_META_OWNER',
      value: `kubernetes://${owner?.apiPath ?? 'apis/apps/v1'}/namespaces/${namespace}/${owner?.resource ?? 'deployments'}/${workloadName}`,
    },
    ...ENV_LAST,
  ];

  // Metrics merging: Istio takes over the prometheus.io annotations so one scrape of 15020 returns Envoy's and the
  // app's metrics, and hands the app's own settings to pilot-agent in ISTIO_PROMETHEUS_ANNOTATIONS.
  if (annotations['prometheus.io/scrape'] !== undefined) {
    env.push({
      name: 'ISTIO_PROMETHEUS_ANNOTATIONS',
      value: JSON.stringify({
        scrape: annotations['prometheus.io/scrape'],
        path: annotations['prometheus.io/path'] ?? '',
        port: annotations['prometheus.io/port'] ?? '',
      }),
    });
  }
  annotations['istio.io/rev'] = revision;
  if (appContainers[0]) {
    annotations['kubectl.kubernetes.io/default-container'] ??= appContainers[0].name;
    annotations['kubectl.kubernetes.io/default-logs-container'] ??= appContainers[0].name;
  }
  annotations['prometheus.io/path'] = '/stats/prometheus';
  annotations['prometheus.io/port'] = String(STATUS_PORT);
  annotations['prometheus.io/scrape'] = 'true';
  annotations['sidecar.istio.io/status'] = JSON.stringify({
    initContainers: [INIT_CONTAINER],
    containers: [PROXY_CONTAINER],
    volumes: VOLUMES.map((v) => v.name),
    imagePullSecrets: null,
    revision,
  });

  return {
    ...pod,
    metadata: { ...pod.metadata, labels, annotations },
    spec: {
      ...pod.spec,
      // Istio puts the proxy last (unless holdApplicationUntilProxyStarts) and istio-init after other init containers.
      initContainers: [...(pod.spec?.initContainers ?? []), INIT_CONTAINER_SPEC],
      containers: [...appContainers, proxyContainer(env)],
      volumes: [...(pod.spec?.volumes ?? []), ...VOLUMES],
    },
  };
}

function podPorts(containers: Container[]): unknown[] {
  const ports: unknown[] = [];
  for (const c of containers) for (const p of c.ports ?? []) ports.push({ ...p, protocol: p.protocol ?? 'TCP' });
  return ports;
}

function proxyContainer(env: unknown[]): Container {
  return {
    name: PROXY_CONTAINER,
    image: PROXY_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    args: [
      'proxy',
      'sidecar',
      '--domain',
      '$(POD_NAMESPACE).svc.cluster.local',
      '--proxyLogLevel=warning',
      '--proxyComponentLogLevel=misc:error',
      '--log_output_level=default:info',
    ],
    env,
    ports: [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }],
    readinessProbe: {
      httpGet: { path: '/healthz/ready', port: HEALTH_PORT, scheme: 'HTTP' },
      periodSeconds: 15,
      timeoutSeconds: 3,
      failureThreshold: 4,
      successThreshold: 1,
    },
    resources: RESOURCES,
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 1337,
      runAsNonRoot: true,
      runAsUser: 1337,
    },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    volumeMounts: VOLUME_MOUNTS,
  };
}

// The same for every pod; shared, since stored objects are frozen and never changed in place.
const INIT_CONTAINER_SPEC: Container = {
  name: INIT_CONTAINER,
  image: PROXY_IMAGE,
  imagePullPolicy: 'IfNotPresent',
  args: [
    'istio-iptables',
    '-p',
    '15001',
    '-z',
    '15006',
    '-u',
    '1337',
    '-m',
    'REDIRECT',
    '-i',
    '*',
    '-x',
    '',
    '-b',
    '*',
    '-d',
    `15090,${HEALTH_PORT},${STATUS_PORT}`,
    '--log_output_level=default:info',
  ],
  resources: RESOURCES,
  securityContext: {
    allowPrivilegeEscalation: false,
    capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] },
    privileged: false,
    readOnlyRootFilesystem: false,
    runAsGroup: 0,
    runAsNonRoot: false,
    runAsUser: 0,
  },
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
};
