import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControllers } from './controllers/index.js';
import { envoyAdmin } from './envoy/index.js';
import { close } from './http-util.js';
import { startJaegerApi, TraceStore } from './jaeger/index.js';
import { startKubeApi, writeKubeconfig } from './kube/index.js';
import { startClusterRoleAggregation } from './kube/auth/aggregate-cluster-roles.js';
import { defaultClusterRoleBindings, defaultClusterRoles } from './kube/auth/bootstrap-policy.js';
import { KubeAuth } from './kube/auth/kube-auth.js';
import type { OidcOptions } from './kube/auth/oidc-authenticator.js';
import { type BuiltinPrometheus, startBuiltinPrometheus } from './prometheus/start-builtin-prometheus.js';
import { runInSlices } from './run-in-slices.js';
import { loadScenario, type ScenarioName } from './scenarios/index.js';
import { ObjectStore } from './store/object-store.js';
import { groupResource, type KubeObject } from './store/kube-object.js';
import { GR, resourceTypeForObject } from './store/resource-types.js';
import { AccessLogBook } from './telemetry/access-log-book.js';
import { meshLookups } from './telemetry/access-log-mesh-lookups.js';
import { GroundTruth } from './telemetry/ground-truth.js';
import { IstioMetrics } from './telemetry/istio-metrics.js';
import { startTelemetryApi } from './telemetry-api.js';
import { UpstreamCounters } from './telemetry/upstream-counters.js';
import { SecurityStats } from './security/index.js';
import { TrafficModel } from './traffic/traffic-model.js';
import { refusedDial, runsEnvoy } from './kube/pod-proxy.js';
import { jwksForRule, startIdentity, type Identity } from './identity/index.js';
import { startIngressListener } from './ingress/start-ingress.js';

export interface MeshOptions {
  scenario?: ScenarioName;
  workloads?: number;
  namespaces?: number;
  seed?: number;
  host?: string;
  /** 0 = a free port for each */
  ports?: { kubernetes?: number; metrics?: number; jaeger?: number; prometheus?: number; ingress?: number };
  /** Serve the Prometheus HTTP API over the mesh's own metrics (default); false when a real Prometheus is used. */
  builtinPrometheus?: boolean;
  kubeconfig?: string;
  tickMs?: number;
  /** The built-in Prometheus' clock for scrape timestamps (benches run simulated time); default Date.now. */
  prometheusClock?: () => number;
  /** The built-in Prometheus' scrape interval; by default it grows with the number of series, as intervalFor says. */
  scrapeIntervalMs?: number;
  /** Multiplies the rate of every client of the scenario (tests use more traffic for tighter statistics). */
  trafficScale?: number;
  /** The static admin token of the kubeconfig the mesh writes (user mesh-admin, group system:masters). */
  adminToken?: string;
  /** Accept OIDC ID tokens from this issuer, as the API server's --oidc-* flags do. */
  oidc?: OidcOptions;
}

export interface MeshInABox {
  endpoints: {
    kubernetes: string;
    metrics: string;
    jaeger: string;
    truth: string;
    prometheus?: string;
    /** The ingress gateway's load balancer: curl it as the article's learner curls localhost:8080. */
    ingress: string;
  };
  kubeconfig: string;
  /** The bearer token of the kubeconfig's admin (mesh-admin, system:masters): for requests without kubectl. */
  adminToken: string;
  store: ObjectStore;
  traffic: TrafficModel;
  metrics: IstioMetrics;
  truth: GroundTruth;
  logs: AccessLogBook;
  traces: TraceStore;
  /** Each proxy's cluster and host counters, as its Envoy admin's /clusters and /stats show them. */
  upstream: UpstreamCounters;
  /** The built-in Prometheus, unless a real one is used. */
  prometheus?: BuiltinPrometheus;
  /** The scenario's Keycloak and the JWKS istiod would fetch (identity.jwksOf). */
  identity: Identity;
  /** Runs one tick now (tests use it to avoid waiting for the timer). */
  tick(): void;
  stop(): Promise<void>;
}

/** Starts the whole mesh in a box: the store and its controllers, the scenario, the traffic and every protocol server. */
export async function startMeshInBox(options: MeshOptions = {}): Promise<MeshInABox> {
  const host = options.host ?? '127.0.0.1';
  const scenario = loadScenario(options.scenario ?? 'sentiment-analysis', {
    workloads: options.workloads,
    namespaces: options.namespaces,
    seed: options.seed,
  });
  const scale = options.trafficScale ?? 1;
  if (scale !== 1) scenario.clients = scenario.clients.map((c) => ({ ...c, rps: c.rps * scale }));
  const store = new ObjectStore();
  const controllers = startControllers(store);
  // The default RBAC first, as the API server reconciles it before it serves; the aggregation controller then
  // fills admin, edit and view.
  for (const obj of [...defaultClusterRoles(), ...defaultClusterRoleBindings()]) applyObject(store, obj);
  const stopAggregation = startClusterRoleAggregation(store);
  for (const obj of [...CLUSTER_BASICS, ...scenario.objects]) applyObject(store, obj);
  const auth = await KubeAuth.create({ store, adminToken: options.adminToken, oidc: options.oidc });

  const large = (options.workloads ?? 0) > 500;
  const metrics = new IstioMetrics();
  // A large mesh keeps less history in its test-facing stores, so memory stays bounded (issue 3: 5,000 workloads in
  // under 1 GiB): a minute of truth, and 50,000 access-log lines across all pods (at 5,000 workloads ~9,600
  // containers log, so each keeps its newest 5; a line takes ~250 bytes, and the default floor of 100 lines would
  // hold 1M of them).
  const truth = new GroundTruth(large ? 60 : 900);
  // The sinks look up ports and container names in the traffic model's index, rebuilt when the cluster changes.
  const lookups = meshLookups(() => traffic.mesh);
  const logs = new AccessLogBook({
    ...lookups,
    maxLinesTotal: large ? 50_000 : 300_000,
    minLinesPerContainer: large ? 5 : 100,
  });
  const upstream = new UpstreamCounters(lookups.targetPortOf);
  const traces = new TraceStore({ samplingRatio: large ? 0.01 : 1, targetPortOf: lookups.targetPortOf });
  // Keycloak's realms get their keys and the scenario's browsers their tokens before any traffic flows.
  const identity = await startIdentity(
    scenario.identity,
    () => traffic.mesh,
    (pod, port) => traffic.mtlsModeOf(pod, port),
  );
  const securityStats = new SecurityStats();
  const traffic = new TrafficModel({
    store,
    scenario,
    seed: options.seed,
    sinks: [
      (hop) => metrics.record(hop),
      (hop) => truth.record(hop),
      (hop) => logs.record(hop, traffic.mesh.accessLogEncoding, traffic.mesh.accessLogFormat),
      (hop) => traces.record(hop),
      (hop) => upstream.record(hop),
    ],
    ejected: (proxy, cluster, atMs) => upstream.ejected(proxy, cluster, atMs),
    // RequestAuthentication's keys as istiod fetches them: a rule's jwksUri, or (a rule without one is asked by its
    // issuer) the key set the issuer's OpenID configuration names.
    jwksOf: (uri) => identity.jwksOf(uri) ?? jwksForRule(identity.jwksOf, { issuer: uri }),
    securityStats,
  });
  const unsubscribe = store.subscribe((event) => {
    if (event.type === 'DELETED' && event.gr === GR.pods) {
      metrics.forgetPod(event.object.metadata.namespace!, event.object.metadata.name);
      logs.deletePod(event.object.metadata.namespace!, event.object.metadata.name);
      upstream.forgetPod(event.object.metadata.namespace!, event.object.metadata.name);
      securityStats.forgetPod(event.object.metadata.namespace!, event.object.metadata.name);
    }
  });

  const startedAtMs = Date.now();
  const kube = await startKubeApi({
    store,
    host,
    port: options.ports?.kubernetes ?? 0,
    auth,
    hooks: {
      podLogs: ({ namespace, pod, container }) => ({
        entries: logs.entries(namespace, pod.metadata.name, container),
        subscribe: (onEntry) => logs.subscribe(namespace, pod.metadata.name, container, onEntry),
      }),
      podProxy: async ({ namespace, pod, port, path, method, body, contentType }) => {
        if (port !== 15000)
          return {
            status: 502,
            contentType: 'text/plain',
            body: `nothing listens on ${pod.metadata.name}:${port} in the mesh in a box; the Envoy admin is on 15000`,
          };
        // A pod without an istio-proxy has nothing on 15000: the API server's dial is refused.
        if (!runsEnvoy(pod)) return refusedDial(pod, port);
        return envoyAdmin({
          store,
          pod,
          path,
          method,
          ...(body !== undefined ? { body } : {}),
          ...(contentType !== undefined ? { contentType } : {}),
          startedAtMs,
          nowMs: Date.now(),
          statsPrometheus: () => metrics.render(`${namespace}/${pod.metadata.name}`),
          upstream: upstream.proxy(namespace, pod.metadata.name),
          securityStats: () => securityStats.statsOf(namespace, pod.metadata.name),
        });
      },
    },
  });
  const jaeger = await startJaegerApi({ traces, host, port: options.ports?.jaeger ?? 0 });
  const ingress = await startIngressListener({
    host,
    port: options.ports?.ingress ?? 0,
    traffic: () => traffic,
    keycloak: identity.keycloak,
  });
  const telemetry = await startTelemetryApi({
    host,
    port: options.ports?.metrics ?? 0,
    metrics,
    truth,
    traffic: () => traffic,
    faults: { kubernetes: kube.faults, jaeger },
  });

  const prometheus =
    options.builtinPrometheus === false
      ? undefined
      : await startBuiltinPrometheus({
          host,
          port: options.ports?.prometheus ?? 0,
          render: () => metrics.renderChunks(undefined, { reuseBuffers: true }),
          targetLabels: { job: 'mesh', instance: new URL(telemetry.url).host },
          now: options.prometheusClock,
          scrapeIntervalMs: options.scrapeIntervalMs,
        });

  const kubeconfig = options.kubeconfig ?? join(mkdtempSync(join(tmpdir(), 'mesh-in-a-box-')), 'kubeconfig');
  // https: kubectl sends the token only over TLS.
  writeKubeconfig(kubeconfig, {
    server: kube.secureUrl,
    namespace: scenario.name === 'bookinfo' ? 'bookinfo' : 'demo',
    token: auth.adminToken,
  });

  const tick = () => traffic.tick(Date.now());
  // The timer's ticks run in slices so the APIs answer during them; one still running when the next is due (a tick
  // over a second) makes the timer skip that one, and the next covers the whole elapsed time.
  let ticking = false;
  const timer = setInterval(() => {
    if (ticking) return;
    ticking = true;
    runInSlices(traffic.tickSteps(Date.now()), TICK_SLICE_MS)
      .catch((err: Error) => console.error(`mesh in a box: tick failed: ${err.stack ?? err.message}`))
      .finally(() => (ticking = false));
  }, options.tickMs ?? 1000);
  timer.unref();

  return {
    endpoints: {
      kubernetes: kube.url,
      metrics: `${telemetry.url}/metrics`,
      jaeger: jaeger.url,
      truth: `${telemetry.url}/truth`,
      prometheus: prometheus?.url,
      ingress: ingress.url,
    },
    kubeconfig,
    adminToken: auth.adminToken,
    store,
    traffic,
    metrics,
    truth,
    logs,
    traces,
    upstream,
    prometheus,
    identity,
    tick,
    async stop() {
      clearInterval(timer);
      unsubscribe();
      stopAggregation();
      traffic.stop();
      controllers.stop();
      identity.stop();
      await Promise.all([kube.close(), jaeger.close(), ingress.close(), close(telemetry.server), prometheus?.stop()]);
    },
  };
}

// A tick yields to the event loop this often (ms).
const TICK_SLICE_MS = 5;

// What every Kubernetes cluster has before anyone applies anything.
const CLUSTER_BASICS: KubeObject[] = [
  ...['default', 'kube-system', 'kube-public', 'kube-node-lease'].map((name) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
  })),
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.96.0.1',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
    },
  },
];

/** Creates or replaces one object, as `kubectl apply` would for a scenario manifest. */
export function applyObject(store: ObjectStore, obj: KubeObject): KubeObject {
  const type = resourceTypeForObject(obj.apiVersion, obj.kind);
  if (!type) throw new Error(`the mesh in a box does not serve ${obj.apiVersion} ${obj.kind}`);
  const gr = groupResource(type.group, type.resource);
  const current = store.get(gr, type.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name);
  if (!current) return store.create(gr, obj);
  return store.update(gr, { ...obj, metadata: { ...obj.metadata, resourceVersion: current.metadata.resourceVersion } });
}
