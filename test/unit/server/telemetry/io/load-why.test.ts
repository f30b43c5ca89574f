// The why summary's I/O on fake sources: the graph's queries over exactly the range (and an hour earlier for
// compare=1h), Jaeger asked for the entity's service over the same range, and a source failing turned into a
// finding that names it rather than an error.
import { describe, expect, it } from 'vitest';
import { whyQuery } from '../../../../../lib/api/why.js';
import type { TopologyCache } from '../../../../../server/graph/io/topology-cache.js';
import { graphTopology } from '../../../../../server/graph/graph-topology.js';
import { JaegerError, PrometheusError } from '../../../../../server/errors.js';
import type { KubeObject } from '../../../../../server/sources/kubernetes.js';
import type { JaegerSource, TraceSearch } from '../../../../../server/sources/jaeger.js';
import type { PrometheusSource } from '../../../../../server/sources/prometheus.js';
import type { Sources } from '../../../../../server/sources/sources.js';
import { loadWhy } from '../../../../../server/telemetry/io/load-why.js';

const objects: Record<string, KubeObject[]> = {
  Namespace: [{ metadata: { name: 'demo' } }],
  Service: [{ metadata: { name: 'sa-logic', namespace: 'demo' } }],
};

function fakeSources({ prometheusDown = false, jaegerDown = false } = {}) {
  const instants: { query: string; atMs?: number }[] = [];
  const searches: TraceSearch[] = [];
  const prometheus = {
    url: 'http://prometheus.test',
    instant: async (query: string, options: { atMs?: number } = {}) => {
      instants.push({ query, atMs: options.atMs });
      if (prometheusDown)
        throw new PrometheusError('unreachable', 'Prometheus at http://prometheus.test is unreachable');
      return [];
    },
  } as unknown as PrometheusSource;
  const jaeger = {
    url: 'http://jaeger.test',
    findTraces: async (search: TraceSearch) => {
      searches.push(search);
      if (jaegerDown)
        throw new JaegerError('timeout', 'Jaeger at http://jaeger.test did not answer in 5 s (JAEGER_URL)');
      return [];
    },
  } as unknown as JaegerSource;
  const kubernetes = {
    list: (kind: string, namespace?: string) =>
      (objects[kind] ?? []).filter((o) => namespace === undefined || o.metadata.namespace === namespace),
    get: (kind: string, namespace: string | undefined, name: string) =>
      (objects[kind] ?? []).find((o) => o.metadata.name === name && o.metadata.namespace === namespace),
  };
  const config = { health: { tolerances: [] }, istioNamespace: 'istio-system' };
  return { sources: { kubernetes, prometheus, jaeger, config } as unknown as Sources, instants, searches };
}

// The watch cache's topology without the validators (the summary reads no findings of it).
const topologies: TopologyCache = {
  topologyOf: (kubernetes, namespaces) => graphTopology(kubernetes, namespaces),
  held: () => 0,
};

const entity = { namespace: 'demo', resource: 'services', name: 'sa-logic' } as const;
const START = 1_700_000_000;
const query = (extra: Record<string, string> = {}) =>
  whyQuery.parse({ start: String(START * 1e6), end: String((START + 900) * 1e6), ...extra });

describe('loading the why summary', () => {
  it('asks the graph over exactly the range, and over the same range an hour before when comparing', async () => {
    const fake = fakeSources();
    await loadWhy(fake.sources, topologies, entity, query({ compare: '1h' }));
    expect(fake.instants.every((i) => i.query.includes('[900s]'))).toBe(true);
    expect(new Set(fake.instants.map((i) => i.atMs))).toEqual(
      new Set([(START + 900) * 1000, (START + 900 - 3600) * 1000]),
    );
    expect(fake.searches).toEqual([
      { service: 'sa-logic.demo', startMs: START * 1000, endMs: (START + 900) * 1000, limit: 50 },
    ]);
  });

  it('answers with the parts it could not give named when Prometheus and Jaeger are down', async () => {
    const fake = fakeSources({ prometheusDown: true, jaegerDown: true });
    const { findings } = await loadWhy(fake.sources, topologies, entity, query());
    expect(findings.map((f) => [f.kind, f.title])).toEqual([
      ['missing', 'Without the failing edges (Prometheus)'],
      ['missing', "Without the traces' critical paths (Jaeger)"],
    ]);
    expect(findings[0]!.detail).toContain('Prometheus at http://prometheus.test is unreachable');
  });

  it('answers 404 for a service that does not exist, before asking anything', async () => {
    const fake = fakeSources();
    await expect(loadWhy(fake.sources, topologies, { ...entity, name: 'nope' }, query())).rejects.toThrow(
      /service nope/,
    );
    expect(fake.instants).toHaveLength(0);
  });
});
