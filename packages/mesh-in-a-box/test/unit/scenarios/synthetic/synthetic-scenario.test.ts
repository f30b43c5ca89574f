import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../../src/scenarios/index.js';
import type { KubeObject } from '../../../../src/store/kube-object.js';
import { GR } from '../../../../src/store/resource-types.js';
import { BEHAVIOUR_ANNOTATION, type Behaviour } from '../../../../src/traffic/behaviour.js';
import { containerNames, meshUnderTest, subsetsOf } from '../mesh-under-test.js';

const options = { workloads: 5000, namespaces: 50, seed: 42 };

// How fast it is generated and started is the mesh bench's (bench/mesh-bench.ts: startupMs), not a timed test's.
const scenario = loadScenario('synthetic', options);

const synthetic = scenario.objects.filter((o) => (o.metadata.namespace ?? o.metadata.name).startsWith('synth-'));
const ofKind = (kind: string) => synthetic.filter((o) => o.kind === kind);
const deployments = ofKind('Deployment');
const services = ofKind('Service');
const serviceByKey = new Map(services.map((s) => [`${s.metadata.namespace}/${s.metadata.name}`, s]));
const behaviourOf = (d: KubeObject) =>
  JSON.parse(d.spec.template.metadata.annotations[BEHAVIOUR_ANNOTATION]) as Behaviour;
const externalHosts = new Set(
  ofKind('ServiceEntry').flatMap((se) => (se.spec.location === 'MESH_EXTERNAL' ? se.spec.hosts : [])),
);

/** The Service a call dials: 'name' in the caller's namespace, 'name.namespace' elsewhere. */
function serviceKey(namespace: string, host: string): string {
  const [name, ns] = host.split('.');
  return `${ns ?? namespace}/${name}`;
}

describe('the synthetic scenario', () => {
  it('makes the Deployments and namespaces asked for, one replica each, every app behind its own Service', () => {
    expect(deployments).toHaveLength(5000);
    expect(ofKind('Namespace').map((n) => n.metadata.name)).toEqual(Array.from({ length: 50 }, (_, k) => `synth-${k}`));
    expect(deployments.every((d) => d.spec.replicas === 1)).toBe(true);
    const apps = new Set(deployments.map((d) => `${d.metadata.namespace}/${d.spec.template.metadata.labels.app}`));
    expect(services).toHaveLength(apps.size);
    for (const app of apps) expect(serviceByKey.has(app)).toBe(true);
    expect(new Set(deployments.map((d) => d.metadata.namespace)).size).toBe(50);
  });

  it('calls only existing services, with a fan-out of 2 to 5, along a graph without cycles', () => {
    const edges = new Map<string, Set<string>>();
    for (const d of deployments) {
      const calls = behaviourOf(d).calls;
      if (calls.length > 0) {
        expect(calls.length).toBeGreaterThanOrEqual(2);
        expect(calls.length).toBeLessThanOrEqual(5);
      }
      const from = `${d.metadata.namespace}/${d.spec.template.metadata.labels.app}`;
      for (const call of calls) {
        if (externalHosts.has(call.host)) continue;
        const to = serviceKey(d.metadata.namespace!, call.host);
        expect(serviceByKey.has(to), `${from} calls ${call.host}`).toBe(true);
        if (!edges.has(from)) edges.set(from, new Set());
        edges.get(from)!.add(to);
      }
    }
    // Kahn's algorithm: a graph is acyclic when every node can be removed once its callers are gone.
    const inbound = new Map<string, number>([...serviceByKey.keys()].map((k) => [k, 0]));
    for (const targets of edges.values()) for (const t of targets) inbound.set(t, inbound.get(t)! + 1);
    const ready = [...inbound].filter(([, n]) => n === 0).map(([k]) => k);
    let removed = 0;
    while (ready.length > 0) {
      const node = ready.pop()!;
      removed++;
      for (const t of edges.get(node) ?? []) {
        inbound.set(t, inbound.get(t)! - 1);
        if (inbound.get(t) === 0) ready.push(t);
      }
    }
    expect(removed).toBe(serviceByKey.size);
  });

  it('mixes HTTP with gRPC, TCP and calls to hosts outside the mesh', () => {
    const calls = deployments.flatMap((d) =>
      behaviourOf(d).calls.map((call) => ({ call, namespace: d.metadata.namespace! })),
    );
    const internal = calls.filter(({ call }) => !externalHosts.has(call.host));
    const portName = ({ call, namespace }: (typeof calls)[number]) =>
      serviceByKey.get(serviceKey(namespace, call.host))!.spec.ports[0].name as string;
    const grpc = internal.filter(({ call }) => call.protocol === 'grpc');
    const tcp = internal.filter(({ call }) => call.protocol === 'tcp');
    expect(grpc.length / internal.length).toBeGreaterThan(0.04);
    expect(grpc.length / internal.length).toBeLessThan(0.2);
    expect(tcp.length / internal.length).toBeGreaterThan(0.02);
    expect(tcp.length / internal.length).toBeLessThan(0.12);
    expect(grpc.every((c) => portName(c).startsWith('grpc-'))).toBe(true);
    expect(tcp.every((c) => portName(c).startsWith('tcp-'))).toBe(true);
    const callingOut = deployments.filter((d) => behaviourOf(d).calls.some((c) => externalHosts.has(c.host)));
    expect(callingOut.length / deployments.length).toBeGreaterThan(0.02);
    expect(callingOut.length / deployments.length).toBeLessThan(0.05);
    expect(externalHosts).toContain('api.payments.example.com');
  });

  it('keeps the whole mesh at 2 to 4 requests per second per workload', () => {
    const appRps = new Map<string, number>();
    const [entry] = scenario.clients;
    const totalWeight = entry!.requests.reduce((sum, r) => sum + r.weight, 0);
    const route = scenario.objects.find((o) => o.kind === 'VirtualService' && o.metadata.name === 'synthetic-entry')!;
    for (const http of route.spec.http) {
      const request = entry!.requests.find((r) => r.path.startsWith(http.match[0].uri.prefix))!;
      const [name, ns] = http.route[0].destination.host.split('.');
      appRps.set(`${ns}/${name}`, (entry!.rps * request.weight) / totalWeight);
    }
    // Both versions of an app make the same calls, so an app's calls follow from the app's rate, whatever the split.
    const callsByApp = new Map<string, Behaviour['calls']>();
    for (const d of deployments)
      callsByApp.set(`${d.metadata.namespace}/${d.spec.template.metadata.labels.app}`, behaviourOf(d).calls);
    // Services are listed in call order (a caller before what it calls), which the generator guarantees.
    let total = entry!.rps;
    for (const key of serviceByKey.keys()) {
      const rps = appRps.get(key) ?? 0;
      for (const call of callsByApp.get(key) ?? []) {
        const sent = rps * (call.probability ?? 1);
        total += sent;
        if (externalHosts.has(call.host)) continue;
        const to = serviceKey(key.split('/')[0]!, call.host);
        appRps.set(to, (appRps.get(to) ?? 0) + sent);
      }
    }
    expect(total / deployments.length).toBeGreaterThanOrEqual(2);
    expect(total / deployments.length).toBeLessThanOrEqual(4);
  });

  it('leaves some workloads without a sidecar and runs two versions of some apps behind DestinationRules', () => {
    const uninjected = new Set(
      ofKind('Namespace')
        .filter((n) => n.metadata.labels?.['istio-injection'] !== 'enabled')
        .map((n) => n.metadata.name),
    );
    const withoutSidecar = deployments.filter(
      (d) =>
        uninjected.has(d.metadata.namespace!) || d.spec.template.metadata.labels['sidecar.istio.io/inject'] === 'false',
    );
    expect(uninjected.size).toBeGreaterThanOrEqual(1);
    expect(withoutSidecar.length / deployments.length).toBeGreaterThan(0.015);
    expect(withoutSidecar.length / deployments.length).toBeLessThan(0.06);

    const v2 = deployments.filter((d) => d.metadata.labels!.version === 'v2');
    expect(v2.length).toBeGreaterThan(0);
    const rules = new Set(ofKind('DestinationRule').map((dr) => `${dr.metadata.namespace}/${dr.spec.host}`));
    for (const d of v2) expect(rules).toContain(`${d.metadata.namespace}/${d.metadata.labels!.app}`);
    expect(ofKind('VirtualService').length).toBeGreaterThan(2);
    expect(ofKind('Gateway')).toHaveLength(1);
    expect(scenario.clients[0]).toMatchObject({
      from: 'outside',
      host: 'istio-ingressgateway.istio-system.svc.cluster.local',
    });
  });

  it('gives the same mesh for the same seed and another for another seed', () => {
    const again = loadScenario('synthetic', options);
    expect(JSON.stringify(again.objects)).toBe(JSON.stringify(scenario.objects));
    expect(again.clients).toEqual(scenario.clients);
    const other = loadScenario('synthetic', { ...options, seed: 43 });
    expect(JSON.stringify(other.objects)).not.toBe(JSON.stringify(scenario.objects));
  });

  it('starts all 5,000 workloads under the controllers', () => {
    const mesh = meshUnderTest();
    mesh.apply(...scenario.objects);
    const pods = mesh.store.list(GR.pods).filter((p) => p.metadata.namespace!.startsWith('synth-'));
    expect(pods).toHaveLength(5000);
    expect(pods.every((p) => p.status.phase === 'Running')).toBe(true);
    const sidecars = pods.filter((p) => containerNames(p).includes('istio-proxy')).length;
    expect(sidecars / pods.length).toBeGreaterThan(0.94);
    expect(sidecars / pods.length).toBeLessThan(0.985);
    expect(mesh.store.list(GR.endpoints).filter((e) => subsetsOf(e).length > 0).length).toBe(services.length + 2);
  });

  it('scales down to a small mesh without breaking its rules', () => {
    const small = loadScenario('synthetic', { workloads: 12, namespaces: 3, seed: 1 });
    expect(
      small.objects.filter((o) => o.kind === 'Deployment' && o.metadata.namespace!.startsWith('synth-')),
    ).toHaveLength(12);
    expect(small.clients[0]!.rps).toBeGreaterThan(0);
  });
});
