import type { KubeObject } from '../../store/kube-object.js';
import type { Behaviour, ClientTraffic, OutboundCall } from '../../traffic/behaviour.js';
import { INGRESS_GATEWAY_HOST, INGRESS_GATEWAY_PORT, istioSystemObjects } from '../istio-system-objects.js';
import { annotatedBehaviour } from '../pod-facts.js';
import { applyOrder } from '../read-manifests.js';
import type { Scenario } from '../scenario.js';
import { AppNames, type Database, DATABASES } from './app-names.js';
import { buildCallGraph, type SyntheticApp } from './build-call-graph.js';
import { SeededRandom } from './seeded-random.js';
import {
  type AppPort,
  deploymentManifest,
  destinationRuleManifest,
  entryManifests,
  EXTERNAL_HOSTS,
  namespaceManifest,
  serviceAccountManifest,
  serviceEntryManifest,
  serviceManifest,
  virtualServiceManifest,
} from './synthetic-manifests.js';

export interface SyntheticOptions {
  workloads: number;
  namespaces: number;
  seed: number;
}

const VERSIONED_SHARE = 0.02; // of workloads: the v2 Deployments of apps that run two versions
const OPTED_OUT_SHARE = 0.015; // of apps: `sidecar.istio.io/inject: "false"` in an injected namespace
const UNINJECTED_NAMESPACE_SHARE = 0.02;
const FRONT_NAMESPACES = 5; // the fronts live in the first namespaces (see buildCallGraph)
const VIRTUAL_SERVICES = 6;

interface Placed {
  app: SyntheticApp;
  name: string;
  namespace: string;
  port: AppPort;
  database?: Database;
  sidecar: boolean;
  optedOut: boolean;
  versioned: boolean;
}

/**
 * A large mesh for load and layout work: `workloads` Deployments of one replica over namespaces synth-0…, each app
 * with its own Service, calling each other along a seeded random DAG. Behaviours travel in each pod's
 * BEHAVIOUR_ANNOTATION. The same options always give the same objects.
 *
 * Operation nodes: no Telemetry is applied at start (standard metrics have no request_operation). To classify the
 * gRPC calls by method, apply telemetry/request-operations.yaml with kubectl to the running mesh (its header says how);
 * the proxies' metrics carry request_operation from the next request on.
 */
export function syntheticScenario(options: SyntheticOptions): Scenario {
  const random = new SeededRandom(options.seed);
  const workloads = Math.max(1, Math.floor(options.workloads));
  const namespaceCount = Math.max(1, Math.floor(options.namespaces));
  const versionedCount = workloads >= 50 ? Math.floor(workloads * VERSIONED_SHARE) : 0;
  const graph = buildCallGraph(random, {
    apps: workloads - versionedCount,
    namespaces: namespaceCount,
    externalHosts: EXTERNAL_HOSTS.length,
  });

  const nsName = (k: number) => `synth-${k}`;
  const uninjected = new Set<number>();
  const uninjectedCount =
    Math.round(namespaceCount * UNINJECTED_NAMESPACE_SHARE) || (namespaceCount > FRONT_NAMESPACES ? 1 : 0);
  for (let k = namespaceCount - 1; k >= FRONT_NAMESPACES && uninjected.size < uninjectedCount; k--) uninjected.add(k);

  const names = new AppNames(random);
  const placed: Placed[] = graph.map((app) => {
    const database = app.protocol === 'tcp' ? random.pick(DATABASES) : undefined;
    const name = app.front
      ? names.front(app.namespace, app.namespace)
      : database
        ? names.database(app.namespace, database)
        : names.service(app.namespace);
    return {
      app,
      name,
      namespace: nsName(app.namespace),
      port: portOf(app, database),
      database,
      sidecar: !uninjected.has(app.namespace),
      optedOut: false,
      versioned: false,
    };
  });
  const injectedApps = placed.filter((p) => p.sidecar && !p.app.front);
  for (const p of random.sample(injectedApps, Math.round(graph.length * OPTED_OUT_SHARE))) {
    p.optedOut = true;
    p.sidecar = false;
  }
  const versionable = placed.filter((p) => p.sidecar && !p.app.front && !p.database);
  for (const p of random.sample(versionable, versionedCount)) p.versioned = true;

  const objects: KubeObject[] = [];
  for (let k = 0; k < namespaceCount; k++) objects.push(namespaceManifest(nsName(k), !uninjected.has(k)));
  let versionedSoFar = 0;
  for (const p of placed) {
    objects.push(serviceAccountManifest(p.namespace, p.name), serviceManifest(p.namespace, p.name, p.port));
    const image =
      p.database?.image ?? `registry.example.com/${p.namespace}/${p.name}:1.${random.int(0, 20)}.${random.int(0, 9)}`;
    const versions = p.versioned ? ['v1', 'v2'] : ['v1'];
    const calls = callsOf(random, p, placed);
    for (const version of versions) {
      objects.push(
        deploymentManifest({
          namespace: p.namespace,
          app: p.name,
          version,
          name: p.versioned ? `${p.name}-${version}` : p.name,
          image: version === 'v2' ? image.replace(/:1\.(\d+)\./, (_, minor) => `:1.${Number(minor) + 1}.`) : image,
          port: p.port,
          behaviour: behaviourOf(random, p, calls, version),
          sidecar: p.optedOut ? 'opted-out' : 'namespace-default',
        }),
      );
    }
    if (p.versioned) {
      objects.push(destinationRuleManifest(p.namespace, p.name, versionedSoFar % 4 === 3));
      if (versionedSoFar < VIRTUAL_SERVICES) objects.push(virtualServiceManifest(p.namespace, p.name, versionedSoFar));
      versionedSoFar++;
    }
  }
  for (const external of EXTERNAL_HOSTS) objects.push(serviceEntryManifest(nsName(0), external));
  const fronts = placed.filter((p) => p.app.front);
  objects.push(
    ...entryManifests(
      nsName(0),
      fronts.map((f) => ({ app: f.name, namespace: f.namespace, port: f.port.port })),
    ),
  );

  const entry: ClientTraffic = {
    name: 'internet',
    from: 'outside',
    host: INGRESS_GATEWAY_HOST,
    port: INGRESS_GATEWAY_PORT,
    rps: round2(fronts.reduce((sum, f) => sum + f.app.rps, 0)),
    requests: fronts.map((f) => ({ method: 'GET', path: `/${f.name}/home`, weight: round2(f.app.rps) })),
  };
  return {
    name: 'synthetic',
    description: `${workloads} synthetic workloads in ${namespaceCount} namespaces calling each other along a random DAG (seed ${options.seed})`,
    objects: applyOrder([...istioSystemObjects(), ...objects]),
    clients: [entry],
    behaviourFor: annotatedBehaviour,
  };
}

function portOf(app: SyntheticApp, database: Database | undefined): AppPort {
  if (database) return { name: database.portName, port: database.port, containerPortName: database.portName.slice(4) };
  if (app.protocol === 'grpc') return { name: 'grpc-api', port: 9090, containerPortName: 'grpc' };
  return { name: 'http', port: 8080, containerPortName: 'http' };
}

function callsOf(random: SeededRandom, caller: Placed, placed: Placed[]): OutboundCall[] {
  const calls: OutboundCall[] = caller.app.callees.map((index) => {
    const callee = placed[index]!;
    const host = callee.namespace === caller.namespace ? callee.name : `${callee.name}.${callee.namespace}`;
    const probability = callee.app.callProbability < 1 ? { probability: callee.app.callProbability } : {};
    if (callee.app.protocol === 'tcp')
      return { host, port: callee.port.port, protocol: 'tcp', method: '-', path: '-', ...probability };
    if (callee.app.protocol === 'grpc') {
      const method = random.pick(['Get', 'List', 'Create', 'Update', 'Check']);
      return {
        host,
        port: callee.port.port,
        protocol: 'grpc',
        method: 'POST',
        path: `/${grpcService(callee.name)}/${method}`,
        ...probability,
      };
    }
    const method = random.chance(0.7) ? 'GET' : 'POST';
    return {
      host,
      port: callee.port.port,
      protocol: 'http',
      method,
      path: `/api/v1/${callee.name.split('-')[0]}s`,
      ...probability,
    };
  });
  const external = caller.app.external === undefined ? undefined : EXTERNAL_HOSTS[caller.app.external];
  if (external) {
    const tcp = external.protocol === 'TLS';
    calls.push({
      host: external.host,
      port: external.port,
      protocol: tcp ? 'tcp' : 'http',
      method: tcp ? '-' : 'GET',
      path: tcp ? '-' : external.path,
      ...(caller.app.externalProbability! < 1 ? { probability: caller.app.externalProbability } : {}),
    });
  }
  return calls;
}

function behaviourOf(random: SeededRandom, p: Placed, calls: OutboundCall[], version: string): Behaviour {
  const roll = random.next();
  let errorRatio =
    roll < 0.85 ? 0 : roll < 0.97 ? round4(random.between(0.001, 0.01)) : round4(random.between(0.02, 0.08));
  let median = p.database ? random.between(0.5, 3) : random.between(2, 30);
  // A second version is a change under test: a little slower and a little less reliable than the first.
  if (version === 'v2') {
    median *= 1.3;
    errorRatio = round4(errorRatio + 0.01);
  }
  const bytes = p.database
    ? random.between(500, 5000)
    : p.app.protocol === 'grpc'
      ? random.between(100, 2000)
      : random.between(300, 8000);
  return {
    latencyMs: { median: round1(median), p95: round1(median * random.between(2, 4)) },
    errorRatio,
    calls,
    responseBytes: { mean: Math.round(bytes) },
  };
}

/** 'cart-api' → 'synthetic.CartApi', the gRPC service path a generated stub would use. */
function grpcService(app: string): string {
  return `synthetic.${app.replace(/(^|-)(\w)/g, (_, _dash, c: string) => c.toUpperCase())}`;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
