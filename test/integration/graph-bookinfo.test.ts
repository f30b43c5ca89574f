// Bookinfo's reviews v1/v2/v3 behind a weighted VirtualService: the versioned-app graph of its own mesh, through a
// real Prometheus and through the mesh's built-in one, against the mesh's ground truth.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphQuery, graphResponse, type GraphResponse } from '../../lib/api/graph.js';
import { createCaches } from '../../server/caches.js';
import { loadConfig } from '../../server/config.js';
import { type TruthEdge } from '@sextant/mesh-in-a-box';
import { loadGraph } from '../../server/graph/io/load-graph.js';
import { createSources, type Sources } from '../../server/sources/sources.js';
import { kubectl } from '../helpers/kubectl.js';
import { startMeshWithPrometheus, type MeshChild, type RealPrometheus } from '@sextant/mesh-in-a-box';

// The views' caches, as the route handlers get them once per process.
const caches = createCaches();

const WEIGHTS = { v1: 50, v2: 30, v3: 20 };
const WEIGHTED_REVIEWS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
spec:
  hosts: [reviews]
  http:
    - route:
${Object.entries(WEIGHTS)
  .map(([v, w]) => `        - destination: { host: reviews, subset: ${v} }\n          weight: ${w}`)
  .join('\n')}
`;

let stack: Awaited<ReturnType<typeof startMeshWithPrometheus>>;
let mesh: MeshChild;
let prometheus: RealPrometheus;
const backends: Record<string, Sources> = {};
let at = 0;
let truth: TruthEdge[] = [];

beforeAll(async () => {
  stack = await startMeshWithPrometheus({
    args: ['--scenario', 'bookinfo', '--traffic-scale', '20', '--tick-ms', '250', '--seed', '7'],
  });
  ({ mesh, prometheus } = stack);
  backends['real Prometheus'] = createSources(
    loadConfig({ KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: prometheus.url }),
  );
  backends['built-in Prometheus'] = createSources(
    loadConfig({ KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: mesh.endpoints['prometheus']! }),
  );
  await Promise.all(Object.values(backends).map((s) => s.start()));
  const file = join(mkdtempSync(join(tmpdir(), 'sextant-bookinfo-')), 'reviews.yaml');
  writeFileSync(file, WEIGHTED_REVIEWS);
  await kubectl(mesh.kubeconfig, ['apply', '-f', file]);
  await new Promise((r) => setTimeout(r, 38_000)); // 30 s of data after the change, scraped
  at = Math.floor(Date.now() / 1000) - 2;
  const answer = (await fetch(`${mesh.endpoints['truth']}/edges?window=30s&end=${at}`).then((r) => r.json())) as {
    edges: TruthEdge[];
  };
  truth = answer.edges;
}, 180_000);

afterAll(async () => {
  await Promise.all(Object.values(backends).map((s) => s.stop()));
  await stack?.stop();
});

async function graphOf(sources: Sources): Promise<GraphResponse> {
  const query = graphQuery.parse({ namespaces: 'bookinfo', duration: '30s', queryTime: String(at), latency: 'p95' });
  return graphResponse.parse(await loadGraph(sources, caches.topologies, query));
}

describe.each(['real Prometheus', 'built-in Prometheus'])('Bookinfo’s graph through the %s', (backend) => {
  it('has productpage, details, the three reviews and ratings, with reviews split by the weights', async () => {
    const graph = await graphOf(backends[backend]!);
    const apps = graph.nodes.filter((n) => n.nodeType === 'app').map((n) => `${n.app}:${n.version}`);
    expect(apps).toEqual(
      expect.arrayContaining(['productpage:v1', 'details:v1', 'reviews:v1', 'reviews:v2', 'reviews:v3', 'ratings:v1']),
    );
    const reviews = graph.nodes.find((n) => n.id === 'svc:bookinfo:reviews')!;
    expect(reviews.badges).toEqual(expect.arrayContaining(['virtual-service', 'traffic-shifting']));
    const toVersion = graph.edges.filter((e) => e.source === reviews.id);
    const total = toVersion.reduce((a, e) => a + e.rps, 0);
    for (const [version, weight] of Object.entries(WEIGHTS)) {
      const edge = toVersion.find((e) => e.target === `vapp:bookinfo:reviews:${version}`)!;
      expect(Math.abs((100 * edge.rps) / total - weight), version).toBeLessThan(5);
      expect(edge.errorRatio).toBe(0);
      expect(edge.mtlsRatio).toBe(1);
      const real = truth.filter((e) => e.destination?.app === 'reviews' && e.destination.version === version);
      const requests = real.reduce((a, e) => a + e.requests, 0);
      const latencies = real.map((e) => e.latencyMs!.p95);
      expect(requests).toBeGreaterThan(50);
      expect(Math.abs(edge.p95! - latencies[0]!) / latencies[0]!, `p95 of reviews ${version}`).toBeLessThan(0.15);
    }
    // Only the versions with stars ask ratings.
    const ratingsCallers = graph.edges
      .filter((e) => e.target === 'svc:bookinfo:ratings')
      .map((e) => e.source)
      .sort();
    expect(ratingsCallers).toEqual(['vapp:bookinfo:reviews:v2', 'vapp:bookinfo:reviews:v3']);
  });
});
