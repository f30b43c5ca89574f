import { describe, expect, it } from 'vitest';
import { entityMetricsQuery } from '../../../../../lib/api/entity-metrics.js';
import { NotFoundError } from '../../../../../server/errors.js';
import type { KubeObject } from '../../../../../server/sources/kubernetes.js';
import type { PrometheusSource } from '../../../../../server/sources/prometheus.js';
import type { Sources } from '../../../../../server/sources/sources.js';
import { loadEntityMetrics } from '../../../../../server/telemetry/io/load-entity-metrics.js';

const objects: Record<string, KubeObject[]> = {
  Namespace: [{ metadata: { name: 'demo' } }],
  Service: [{ metadata: { name: 'sa-logic', namespace: 'demo' } }],
  Pod: [
    {
      metadata: { name: 'sa-logic-v1-abc', namespace: 'demo', labels: { app: 'sa-logic', version: 'v1' } },
    } as KubeObject,
  ],
};

// A watch cache holding demo's sa-logic, and a Prometheus that records every range query and its window.
function fakeSources() {
  const asked: { query: string; startMs: number; endMs: number; stepSeconds: number }[] = [];
  const prometheus: PrometheusSource = {
    url: 'http://prometheus.test',
    instant: async () => [],
    range: async (query, { startMs, endMs, stepSeconds }) => {
      asked.push({ query, startMs, endMs, stepSeconds });
      return [{ metric: { destination_version: 'v1' }, values: [[endMs / 1000, 1]] }];
    },
    retentionSeconds: async () => null,
    scrapeIntervalSeconds: async () => 15,
  };
  const kubernetes = {
    list: (kind: string, namespace?: string) =>
      (objects[kind] ?? []).filter((o) => namespace === undefined || o.metadata.namespace === namespace),
    get: (kind: string, namespace: string | undefined, name: string) =>
      (objects[kind] ?? []).find((o) => o.metadata.name === name && o.metadata.namespace === namespace),
  };
  return { sources: { kubernetes, prometheus } as unknown as Sources, asked };
}

const NOW = 1_700_000_000_000;
const load = (resource: 'apps' | 'workloads' | 'services', name: string, search: Record<string, string> = {}) => {
  const fake = fakeSources();
  const answer = loadEntityMetrics(
    fake.sources,
    { resource, namespace: 'demo', name },
    entityMetricsQuery.parse(search),
    undefined,
    () => NOW,
  );
  return { answer, asked: fake.asked };
};

describe('loading the Metrics tab', () => {
  it('asks one range query per chart, all over the same window of about 60 points', async () => {
    const { answer, asked } = load('apps', 'sa-logic', { duration: '10m', by: 'version' });
    const { charts } = await answer;
    expect(asked).toHaveLength(charts.length);
    expect(new Set(asked.map((a) => `${a.startMs}-${a.endMs}-${a.stepSeconds}`))).toEqual(
      new Set([`${NOW - 600_000}-${NOW}-10`]),
    );
    expect(charts[0]!.series).toEqual([{ labels: { destination_version: 'v1' }, points: [[NOW / 1000, 1]] }]);
  });

  it('takes the step and the window end the request gives', async () => {
    const { answer, asked } = load('services', 'sa-logic', { duration: '1h', step: '1m', queryTime: '1700000000' });
    await answer;
    expect(asked[0]).toMatchObject({
      startMs: 1_700_000_000_000 - 3_600_000,
      endMs: 1_700_000_000_000,
      stepSeconds: 60,
    });
    expect(asked[0]!.query).toContain('[120s]'); // two steps: every point's rate covers its own step
  });

  it.each([
    ['apps', 'sa-feedback', 'app sa-feedback does not exist in namespace demo'],
    ['workloads', 'sa-logic-v9', 'workload sa-logic-v9 does not exist in namespace demo'],
    ['services', 'nope', 'service nope does not exist in namespace demo'],
  ] as const)('says an unknown %s (%s) does not exist, before asking Prometheus', async (resource, name, message) => {
    const { answer, asked } = load(resource, name);
    await expect(answer).rejects.toThrow(NotFoundError);
    await expect(answer).rejects.toThrow(message);
    expect(asked).toEqual([]);
  });

  it('finds a workload by its name and an app by its label', async () => {
    await expect(load('workloads', 'sa-logic-v1-abc').answer).resolves.toBeDefined();
    await expect(load('apps', 'sa-logic').answer).resolves.toBeDefined();
  });
});
