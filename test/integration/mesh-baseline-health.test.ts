// The demo's baseline traffic, judged as the console judges it (Kiali's rules and default tolerances): every workload
// stays Healthy over a long window until a step of the article breaks something, and the article's canary does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  applyObject,
  GR,
  startMeshInBox,
  type KubeObject,
  type MeshInABox,
  type TruthEdge,
} from '@sextant/mesh-in-a-box';
import { DEFAULT_TOLERANCES } from '../../server/config.js';
import { compileTolerances, requestStatus, type CodeRate, type RequestTraffic } from '../../server/mesh/health.js';
import { FIXTURES } from '../helpers/fixtures.js';

/** The pod's Ready condition, as kubectl reads it. */
const podReady = (pod: KubeObject) =>
  ((pod.status?.conditions ?? []) as { type: string; status: string }[]).some(
    (c) => c.type === 'Ready' && c.status === 'True',
  );

const TOLERANCES = compileTolerances(DEFAULT_TOLERANCES);
// More traffic than the demo's, so that even a rare failure shows within the window (sa-feedback gets ~2 rps).
const TRAFFIC_SCALE = 5;
const WINDOW_S = 600;

let mesh: MeshInABox;
// Simulated seconds, as the benches run them: the tick timer never fires, each tick() below is one second.
let clockMs = Date.now() - 2 * WINDOW_S * 1000;
const runSeconds = (seconds: number) => {
  for (let i = 0; i < seconds; i++) mesh.traffic.tick((clockMs += 1000));
};

const key = (e: { namespace: string; workload: string }) => `${e.namespace}/${e.workload}`;

/** Inbound and outbound requests by code of every workload, over the last `windowS` simulated seconds. */
function trafficByWorkload(windowS: number): Map<string, RequestTraffic> {
  const edges: TruthEdge[] = mesh.truth.edgesOver(windowS * 1000, clockMs);
  const out = new Map<string, RequestTraffic>();
  const of = (k: string) => out.get(k) ?? out.set(k, { inbound: [], outbound: [] }).get(k)!;
  for (const e of edges) {
    const rates: CodeRate[] = Object.entries(e.responseCodes).map(([code, n]) => ({
      protocol: e.protocol,
      code: code === '0' ? '-' : code,
      rps: n / windowS,
    }));
    if (e.destination) of(key(e.destination)).inbound.push(...rates);
    if (e.source) of(key(e.source)).outbound.push(...rates);
  }
  return out;
}

const statusOf = (traffic: Map<string, RequestTraffic>) =>
  Object.fromEntries([...traffic].map(([k, t]) => [k, requestStatus(t, TOLERANCES)]));

beforeAll(async () => {
  mesh = await startMeshInBox({
    scenario: 'sentiment-analysis',
    ports: { kubernetes: 0, metrics: 0, jaeger: 0, prometheus: 0 },
    tickMs: 3_600_000,
    trafficScale: TRAFFIC_SCALE,
    seed: 13,
  });
});
afterAll(() => mesh?.stop());

describe("the demo's baseline traffic under Kiali's default tolerances", () => {
  it('keeps every workload Healthy over ten minutes', () => {
    runSeconds(WINDOW_S + 60); // the first minute fills the requests in flight
    const status = statusOf(trafficByWorkload(WINDOW_S));
    const expected = [
      'demo/sa-frontend',
      'demo/sa-webapp',
      'demo/sa-logic',
      'demo/sa-feedback',
      'istio-system/istio-ingressgateway',
      'keycloak/keycloak',
      'legacy/legacy-reports',
    ];
    for (const workload of expected) expect(status[workload], workload).toBe('Healthy');
    expect(Object.entries(status).filter(([, s]) => s !== 'Healthy')).toEqual([]);
  });

  it('still fails sa-logic v2 once the article rolls out the canary', async () => {
    const docs = (file: string) =>
      parseAllDocuments(readFileSync(join(FIXTURES, 'sentiment-analysis', file), 'utf8')).map(
        (d) => d.toJS() as KubeObject,
      );
    for (const object of [...docs('kube/canary/sa-logic-v2.yaml'), ...docs('istio/sa-logic-vs-canary.yaml')])
      applyObject(mesh.store, { ...object, metadata: { ...object.metadata, namespace: 'demo' } });
    // The controllers run on the store's events; wait for the v2 pod to be ready, as kubectl rollout status does.
    const readyV2 = () =>
      mesh.store
        .list(GR.pods, 'demo')
        .filter(
          (p) => p.metadata.labels?.['app'] === 'sa-logic' && p.metadata.labels['version'] === 'v2' && podReady(p),
        ).length;
    await expect.poll(readyV2, { timeout: 10_000 }).toBeGreaterThan(0);
    runSeconds(180);
    const status = statusOf(trafficByWorkload(120));
    // A third of its answers are 500 at once, a third after 30 s: far above the 10 % that Kiali calls Failure.
    expect(status['demo/sa-logic-v2']).toBe('Failure');
  });
});
