// The Traffic tab's one hop: the graph's queries narrowed by the entity's label filters, then the graph's builder. The
// property that matters is that the narrowing loses nothing: the entity's edges built from the filtered series are
// the edges of the whole graph that touch the entity, to the digit. Prometheus' filtering is played here by applying
// the same filter strings to the samples.
import { describe, expect, it } from 'vitest';
import type { EntityRef } from '../../../../lib/api/entity-ref.js';
import { DEFAULT_TOLERANCES } from '../../../../server/config.js';
import { buildGraph, type GraphAnswers, type GraphTopology } from '../../../../server/graph/build-graph.js';
import { entityFilters, entityGraphSettings, oneHop } from '../../../../server/graph/entity-traffic.js';
import { bytesQuery, requestsQuery } from '../../../../server/graph/graph-queries.js';
import { compileTolerances } from '../../../../server/mesh/health.js';
import type { Sample } from '../../../../server/sources/prometheus.js';
import { sample, type End } from './graph-samples.js';

const gateway: End = { ns: 'istio-system', workload: 'istio-ingressgateway', app: 'istio-ingressgateway' };
const frontend: End = { ns: 'demo', workload: 'sa-frontend', app: 'sa-frontend', version: 'v1' };
const webapp: End = { ns: 'demo', workload: 'sa-webapp', app: 'sa-webapp', version: 'v1' };
const logicV1: End = { ns: 'demo', workload: 'sa-logic', app: 'sa-logic', version: 'v1' };
const logicV2: End = { ns: 'demo', workload: 'sa-logic-v2', app: 'sa-logic', version: 'v2' };
const logicSvc = { ns: 'demo', name: 'sa-logic' };

// The article's mesh after the canary: the gateway calls the frontend and the webapp, the webapp calls sa-logic 90/10
// and v2 fails a quarter of its requests.
const requests: Sample[] = [
  sample({ reporter: 'source', from: gateway, to: frontend, rps: 4 }),
  sample({ reporter: 'destination', from: gateway, to: frontend, rps: 4 }),
  sample({ reporter: 'source', from: gateway, to: webapp, rps: 10 }),
  sample({ reporter: 'destination', from: gateway, to: webapp, rps: 10 }),
  sample({ reporter: 'source', from: webapp, to: logicV1, service: logicSvc, rps: 9 }),
  sample({ reporter: 'destination', from: webapp, to: logicV1, service: logicSvc, rps: 9 }),
  sample({ reporter: 'source', from: webapp, to: logicV2, service: logicSvc, rps: 0.75 }),
  sample({ reporter: 'source', from: webapp, to: logicV2, service: logicSvc, code: '500', rps: 0.25 }),
  sample({ reporter: 'destination', from: webapp, to: logicV2, service: logicSvc, rps: 1 }),
];
const latency = (from: End, to: End, value: number) =>
  sample({
    reporter: 'source',
    from,
    to,
    service: to === frontend || to === webapp ? undefined : logicSvc,
    rps: value,
    extra: { stat: 'p95' },
  });
const latencies = [latency(gateway, webapp, 30), latency(webapp, logicV1, 12), latency(webapp, logicV2, 80)];

const topology: GraphTopology = { workloads: new Map(), services: new Map(), serviceEntries: [], features: new Map() };

/** Prometheus' part: keep the samples matching any of the filters (`,label="value",…`, exact matches only). */
function filtered(samples: Sample[], filters: string[]): Sample[] {
  const parsed = filters.map((f) =>
    [...f.matchAll(/,(\w+)=("(?:[^"\\]|\\.)*")/g)].map((m) => [m[1]!, JSON.parse(m[2]!) as string] as const),
  );
  return samples.filter((s) => parsed.some((matchers) => matchers.every(([k, v]) => s.metric[k] === v)));
}

function build(entity: EntityRef, answers: GraphAnswers) {
  return buildGraph({
    ...entityGraphSettings(entity.resource),
    namespaces: [entity.namespace],
    includeIdle: false,
    answers,
    topology,
    tolerances: compileTolerances(DEFAULT_TOLERANCES),
    istioNamespace: 'istio-system',
  });
}

function bothWays(entity: EntityRef) {
  const whole = build(entity, { requests, bytes: [], latency: latencies });
  const filters = entityFilters(entity);
  const narrow = build(entity, {
    requests: filtered(requests, filters),
    bytes: [],
    latency: filtered(latencies, filters),
  });
  return { whole, hop: oneHop(narrow, entity) };
}

const fields = ({ id, rps, errorRatio, p95, mtlsRatio, responseCodes }: Record<string, unknown>) => ({
  id,
  rps,
  errorRatio,
  p95,
  mtlsRatio,
  responseCodes,
});

describe("an entity's one hop of the graph", () => {
  it("gives a workload's edges the whole graph's figures, from its series alone", () => {
    const entity: EntityRef = { namespace: 'demo', resource: 'workloads', name: 'sa-webapp' };
    const { whole, hop } = bothWays(entity);
    expect(hop.entityNodes).toEqual(['wl:demo:sa-webapp']);
    expect(hop.inbound.map(fields)).toEqual(whole.edges.filter((e) => e.target === 'wl:demo:sa-webapp').map(fields));
    expect(hop.outbound.map(fields)).toEqual(
      expect.arrayContaining(whole.edges.filter((e) => e.source === 'wl:demo:sa-webapp').map(fields)),
    );
    expect(hop.outbound.map((e) => e.target)).toEqual(['wl:demo:sa-logic', 'wl:demo:sa-logic-v2']); // busiest first
    const v2 = hop.outbound[1]!;
    expect(v2.errorRatio).toBe(0.25);
    expect(v2.p95).toBe(80);
    // The outbound share is whole: all of the entity's outbound traffic is in its series.
    expect(v2.share).toBe(0.1);
  });

  it('draws an app as one node whatever its versions, with the callers of both', () => {
    const entity: EntityRef = { namespace: 'demo', resource: 'apps', name: 'sa-logic' };
    const { whole, hop } = bothWays(entity);
    expect(hop.entityNodes).toEqual(['app:demo:sa-logic']);
    expect(hop.outbound).toEqual([]);
    expect(hop.inbound.map(fields)).toEqual(whole.edges.filter((e) => e.target === 'app:demo:sa-logic').map(fields));
    expect(hop.inbound[0]).toMatchObject({ source: 'app:demo:sa-webapp', rps: 10, errorRatio: 0.025 });
    expect(hop.nodes.map((n) => n.id).sort()).toEqual(['app:demo:sa-logic', 'app:demo:sa-webapp']);
  });

  it('draws a service as its own node: callers in, the versions behind it out', () => {
    const entity: EntityRef = { namespace: 'demo', resource: 'services', name: 'sa-logic' };
    const { whole, hop } = bothWays(entity);
    expect(hop.entityNodes).toEqual(['svc:demo:sa-logic']);
    expect(hop.inbound.map((e) => e.source)).toEqual(['vapp:demo:sa-webapp:v1']);
    expect(hop.outbound.map((e) => e.target)).toEqual(['vapp:demo:sa-logic:v1', 'vapp:demo:sa-logic:v2']);
    const touching = whole.edges.filter((e) => e.source === 'svc:demo:sa-logic' || e.target === 'svc:demo:sa-logic');
    expect(
      [...hop.inbound, ...hop.outbound].map(fields).sort((a, b) => String(a.id).localeCompare(String(b.id))),
    ).toEqual(touching.map(fields).sort((a, b) => String(a.id).localeCompare(String(b.id))));
  });

  it("leaves out what does not touch the entity: the gateway's call to the frontend", () => {
    const { hop } = bothWays({ namespace: 'demo', resource: 'workloads', name: 'sa-webapp' });
    expect(hop.nodes.map((n) => n.id)).not.toContain('wl:demo:sa-frontend');
  });

  it("narrows the graph's own queries to the entity's sides, in one union", () => {
    const input = {
      namespaces: ['demo'],
      range: '60s',
      filters: entityFilters({ namespace: 'demo', resource: 'workloads', name: 'sa-webapp' }),
    };
    const q = requestsQuery(input);
    expect(q).toContain('source_workload_namespace="demo",source_workload="sa-webapp"');
    expect(q).toContain(' or ');
    expect(q).toContain('destination_workload_namespace="demo",destination_workload="sa-webapp"');
    expect(q).not.toContain('=~"demo"');
    expect(bytesQuery(input)).toContain('destination_workload="sa-webapp"');
  });
});
