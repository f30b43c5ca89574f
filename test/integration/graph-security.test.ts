// The graph against the article's security step on the shared mesh: its RequestAuthentication and the gateway's three
// ALLOW policies applied with kubectl. The browsers carry no token, so the gateway refuses their /sentiment and
// /feedback calls with 403 (no ALLOW policy matches: "RBAC: access denied", details
// rbac_access_denied_matched_policy[none]); only the gateway reports them. The graph must show those refusals as
// denied, apart from errors, at the rate the mesh's ground truth counts them. Deleted afterwards: the other suites
// share the mesh (they run one file at a time, vitest.config.ts). First, a DENY policy of the test's own on sa-logic:
// its sidecar refuses sa-webapp's calls, and the graph names the policy from the sidecar's log.
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { graphQuery, graphResponse, type GraphResponse } from '../../lib/api/graph.js';
import { createCaches } from '../../server/caches.js';
import { loadConfig } from '../../server/config.js';
import type { TruthEdge } from '@sextant/mesh-in-a-box';
import { loadGraph } from '../../server/graph/io/load-graph.js';
import { createSources, type Sources } from '../../server/sources/sources.js';
import { applyAndReadTruth } from '../helpers/canary-truth.js';
import { FIXTURES, kubectl } from '../helpers/kubectl.js';
import { denyDemoToLogic } from '../helpers/security-policies.js';

/** The article's security files for the gateway, in the order it applies them (under sentiment-analysis/). */
export const GATEWAY_POLICIES = [
  'istio/security/request-authentication.yaml',
  'istio/security/allow-view.yaml',
  'istio/security/allow-analysis.yaml',
  'istio/security/allow-feedback.yaml',
];

const caches = createCaches();
const mesh = inject('mesh');
const backends: Record<string, Sources> = {};

beforeAll(async () => {
  backends['real Prometheus'] = createSources(
    loadConfig({ KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: inject('prometheus').url }),
  );
  backends['built-in Prometheus'] = createSources(
    loadConfig({ KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: mesh.endpoints['prometheus']! }),
  );
  await Promise.all(Object.values(backends).map((s) => s.start()));
}, 60_000);

afterAll(async () => {
  await Promise.all(Object.values(backends).map((s) => s.stop()));
});

async function graphOf(sources: Sources, at: number): Promise<GraphResponse> {
  const query = graphQuery.parse({ duration: '60s', queryTime: String(at), namespaces: 'demo' });
  return graphResponse.parse(await loadGraph(sources, caches.topologies, query));
}

const GATEWAY = 'vapp:istio-system:istio-ingressgateway:latest';

const DENY_POLICY = denyDemoToLogic('g1-deny-demo-to-logic');

describe("a DENY policy on sa-logic's sidecar", () => {
  const file = join(tmpdir(), `g1-deny-${process.pid}.yaml`);
  let at = 0;
  let truth: TruthEdge[] = [];
  beforeAll(async () => {
    await writeFile(file, DENY_POLICY);
    ({ at, truth } = await applyAndReadTruth(mesh, [file]));
  }, 180_000);
  afterAll(async () => {
    await kubectl(mesh.kubeconfig, ['delete', '--ignore-not-found', '-f', file]);
  });

  it.each(['real Prometheus', 'built-in Prometheus'])(
    'through the %s: sa-webapp → sa-logic carries the refusals, named by the policy, at the truth’s rate',
    async (backend) => {
      const graph = await graphOf(backends[backend]!, at);
      const edge = graph.edges.find((e) => e.source === 'vapp:demo:sa-webapp:v1' && e.target === 'svc:demo:sa-logic');
      expect(edge, 'the sa-webapp → sa-logic edge').toBeDefined();
      const toLogic = truth.filter((e) => e.source?.workload === 'sa-webapp' && e.service.startsWith('sa-logic.'));
      const refused = toLogic.reduce((a, e) => a + (e.responseCodes['403'] ?? 0), 0) / 60;
      expect(refused).toBeGreaterThan(0.5);
      const denied = edge!.denied!;
      expect(denied).toBeDefined();
      expect(Math.abs(denied.rbac - refused) / refused).toBeLessThan(0.1);
      expect(denied.causes.map(({ rps: _rps, ...c }) => c)).toEqual([
        { kind: 'deny-rule', namespace: 'demo', name: 'g1-deny-demo-to-logic', rule: 0 },
      ]);
      // Refusals are not errors: the edge's error ratio is the truth's own 5xx share (none but what another suite's
      // leftovers sent in the window), not raised by the 403s.
      const requests = toLogic.reduce((a, e) => a + e.requests, 0);
      const failed = toLogic.reduce(
        (a, e) => a + Object.entries(e.responseCodes).reduce((b, [code, n]) => b + (Number(code) >= 500 ? n : 0), 0),
        0,
      );
      expect(Math.abs(edge!.errorRatio - failed / requests)).toBeLessThan(0.01);
      expect(edge!.errorRatio).toBeLessThan(0.05);
    },
  );
  it.each(['real Prometheus', 'built-in Prometheus'])(
    "through the %s: edges between sidecars are mutual TLS, the sidecar-less legacy client's plaintext was accepted",
    async (backend) => {
      const graph = await graphOf(backends[backend]!, at);
      const busy = graph.edges.filter((e) => e.rps > 0.5 && e.protocol !== 'tcp');
      const legacy = busy.filter((e) => e.source === 'unknown');
      expect(legacy.length).toBeGreaterThan(0);
      // The mesh is PERMISSIVE here (no PeerAuthentication): sa-webapp's sidecar takes the plaintext.
      for (const e of legacy) expect(e.tls, e.id).toBe('plaintext');
      // Callers with sidecars (a service node's edges carry every caller's requests: left out).
      const meshed = busy.filter((e) => e.source !== 'unknown' && !e.source.startsWith('svc:'));
      expect(meshed.length).toBeGreaterThan(2);
      for (const e of meshed) expect(e.tls, e.id).toBe('mutual');
    },
  );
});

describe("the article's gateway policies", () => {
  let at = 0;
  let truth: TruthEdge[] = [];
  beforeAll(async () => {
    ({ at, truth } = await applyAndReadTruth(mesh, GATEWAY_POLICIES));
  }, 180_000);
  afterAll(async () => {
    for (const file of [...GATEWAY_POLICIES].reverse())
      await kubectl(mesh.kubeconfig, ['delete', '--ignore-not-found', '-f', `${FIXTURES}/sentiment-analysis/${file}`]);
  });

  it.each(['real Prometheus', 'built-in Prometheus'])(
    "through the %s: the gateway's refusals are denied by policy, at the truth's rate, apart from errors",
    async (backend) => {
      const graph = await graphOf(backends[backend]!, at);
      const edge = graph.edges.find((e) => e.source === GATEWAY && e.target === 'svc:demo:sa-webapp');
      expect(edge, 'the gateway → sa-webapp edge').toBeDefined();
      // What the mesh really did in the same minute: every request the gateway sent towards sa-webapp, and the 403s it
      // answered itself (the app never answers 403 in this scenario).
      const toWebapp = truth.filter(
        (e) => e.source?.workload === 'istio-ingressgateway' && e.service.startsWith('sa-webapp.'),
      );
      const seconds = 60;
      const refused = toWebapp.reduce((a, e) => a + (e.responseCodes['403'] ?? 0), 0) / seconds;
      const requests = toWebapp.reduce((a, e) => a + e.requests, 0);
      const errors = toWebapp.reduce((a, e) => a + e.errors, 0);
      expect(refused).toBeGreaterThan(0.5);

      const denied = edge!.denied!;
      expect(denied, 'the edge carries denied requests').toBeDefined();
      // The graph's tolerance for busy edges (graph-accuracy.test.ts): 10 %.
      expect(Math.abs(denied.rbac - refused) / refused).toBeLessThan(0.1);
      expect(denied.jwt).toBe(0);
      expect(denied.causes.map((c) => c.kind)).toEqual(['no-allow']);
      // Refusals are 4xx, not errors: the error ratio stays what the truth says (Kiali's rule).
      expect(Math.abs(edge!.errorRatio - errors / requests) * 100).toBeLessThan(2);
      expect(edge!.http4xxRatio).toBeGreaterThan(0);

      // Edges inside the mesh refused nothing: no denied figures there.
      for (const e of graph.edges) if (e.source !== GATEWAY) expect(e.denied, e.id).toBeUndefined();
    },
  );
});
