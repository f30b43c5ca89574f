// Property: a configuration the simulated mesh accepts and routes traffic with is never reported by the validator
// as an error for the routing it performs. The mesh (an independent implementation of Istio's routing, checked
// against spec/istio-host-resolution.yaml) is driven in-process; the validator sees exactly the mesh's objects.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyObject, GR, startMeshInBox, type KubeObject, type MeshInABox } from '@sextant/mesh-in-a-box';
import { validate } from '../../../server/validation/engine.js';
import { toEntry } from '../../../server/validation/entries.js';
import type { Finding, K8sObject } from '../../../server/validation/types.js';

// Every spelling of a host the table covers, for the call sa-webapp makes to sa-logic (port 80, namespace demo) and
// for the destination the VirtualService sends it to instead (sa-feedback, so that the route taking effect shows).
const vsHost = fc.constantFrom(
  'sa-logic',
  'sa-logic.demo',
  'sa-logic.demo.svc',
  'sa-logic.demo.svc.cluster.local',
  '*.demo.svc.cluster.local',
  '*.svc.cluster.local',
  '*',
  '*.com',
);
const destinationHost = fc.constantFrom(
  'sa-feedback',
  'sa-feedback.demo',
  'sa-feedback.demo.svc',
  'sa-feedback.demo.svc.cluster.local',
);
const drHost = fc.constantFrom(
  'sa-feedback',
  'sa-feedback.demo',
  'sa-feedback.demo.svc.cluster.local',
  '*.demo.svc.cluster.local',
);
// Weighted towards what routes (demo, no exportTo) so that enough generated configs carry traffic.
const namespace = fc.oneof({ arbitrary: fc.constant('demo'), weight: 3 }, fc.constantFrom('keycloak', 'istio-system'));
const exportTo = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  fc.constantFrom(['.'], ['*'], ['demo'], ['keycloak']),
);
const subset = fc.oneof({ arbitrary: fc.constant(false), weight: 2 }, fc.constant(true));

const config = fc.record({
  vs: fc.record({ namespace, host: vsHost, exportTo, destination: destinationHost, subset }),
  dr: fc.option(fc.record({ namespace, host: drHost, exportTo }), { nil: undefined }),
});
type Config = typeof config extends fc.Arbitrary<infer T> ? T : never;

function objectsOf(c: Config): KubeObject[] {
  const destination = { host: c.vs.destination, ...(c.vs.subset ? { subset: 'v1' } : {}) };
  const vs: KubeObject = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'under-test', namespace: c.vs.namespace },
    spec: {
      hosts: [c.vs.host],
      ...(c.vs.exportTo ? { exportTo: c.vs.exportTo } : {}),
      http: [{ route: [{ destination }] }],
    },
  };
  if (!c.dr) return [vs];
  const dr: KubeObject = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: 'under-test', namespace: c.dr.namespace },
    spec: {
      host: c.dr.host,
      ...(c.dr.exportTo ? { exportTo: c.dr.exportTo } : {}),
      subsets: [{ name: 'v1', labels: { app: 'sa-feedback' } }],
    },
  };
  return [vs, dr];
}

const KINDS = [
  GR.namespaces,
  GR.services,
  GR.pods,
  GR.deployments,
  GR.serviceaccounts,
  GR.virtualservices,
  GR.destinationrules,
  GR.gateways,
  GR.serviceentries,
  GR.sidecars,
  GR.peerauthentications,
];

let mesh: MeshInABox;
let clockMs = Date.now();

beforeAll(async () => {
  mesh = await startMeshInBox({
    scenario: 'sentiment-analysis',
    ports: { kubernetes: 0, metrics: 0, jaeger: 0, prometheus: 0 },
    tickMs: 3_600_000, // the test drives the clock
    trafficScale: 25,
    seed: 7,
  });
  // The demo pins sa-logic to v1 with an older VirtualService, which would win over every generated one.
  mesh.store.delete(GR.virtualservices, 'demo', 'sa-logic');
  clockMs = Date.now();
  mesh.traffic.tick(clockMs);
});
afterAll(() => mesh?.stop());

/** Successful requests sa-webapp sent to sa-feedback in the last `windowMs`: the VirtualService's route at work. */
function reroutedRequests(windowMs: number): number {
  return mesh.truth
    .edgesOver(windowMs, clockMs)
    .filter((e) => e.source?.workload === 'sa-webapp' && e.destination?.workload === 'sa-feedback')
    .reduce((sum, e) => sum + e.requests - e.errors, 0);
}

function advance(ms: number): void {
  clockMs += ms;
  mesh.traffic.tick(clockMs);
}

function errorsOn(findings: Finding[], kind: string, objectNamespace: string): Finding[] {
  return findings.filter(
    (f) =>
      f.severity === 'error' &&
      f.object.kind === kind &&
      f.object.name === 'under-test' &&
      f.object.namespace === objectNamespace,
  );
}

describe('a configuration the simulated mesh routes traffic with', () => {
  it('is not reported by the validator as an error on the route it performs', () => {
    let routed = 0;
    fc.assert(
      fc.property(config, (c) => {
        const applied = objectsOf(c).map((o) => applyObject(mesh.store, o));
        try {
          advance(1_000); // requests in flight under the previous config finish
          advance(2_000);
          if (reroutedRequests(2_000) === 0) return; // the mesh did not route this way: nothing to hold it to
          routed++;
          const objects = KINDS.flatMap((gr) => mesh.store.list(gr)) as unknown as K8sObject[];
          const findings = validate(objects.map((o) => toEntry(o, 'default')));
          expect(errorsOn(findings, 'VirtualService', c.vs.namespace), JSON.stringify(c)).toEqual([]);
          // The subset resolved through the DestinationRule, so that rule is in use too.
          if (c.dr && c.vs.subset) expect(errorsOn(findings, 'DestinationRule', c.dr.namespace)).toEqual([]);
        } finally {
          for (const o of applied) {
            const gr = o.kind === 'VirtualService' ? GR.virtualservices : GR.destinationrules;
            mesh.store.delete(gr, o.metadata.namespace, o.metadata.name);
          }
        }
      }),
      { numRuns: 120, seed: 15 },
    );
    // The generator must reach routes that work, or the property says nothing.
    expect(routed).toBeGreaterThan(10);
  });
});
