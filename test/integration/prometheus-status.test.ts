// /api/prometheus against real servers: the time picker offers only what the Prometheus behind the console keeps, so
// what it says about its retention must be read right, from a real Prometheus as from the mesh in a box's own.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { prometheusStatus } from '../../lib/api/prometheus-status.js';
import { createCaches } from '../../server/caches.js';
import { loadConfig } from '../../server/config.js';
import { loadGraph } from '../../server/graph/io/load-graph.js';
import { graphQuery } from '../../lib/api/graph.js';
import { startRealPrometheus, type RealPrometheus } from '@sextant/mesh-in-a-box';
import { createPrometheusSource } from '../../server/sources/prometheus.js';
import { loadPrometheusStatus } from '../../server/sources/prometheus-status.js';
import { createSources, type Sources } from '../../server/sources/sources.js';

// The views' caches, as the route handlers get them once per process.
const caches = createCaches();

const mesh = inject('mesh');
let shortLived: RealPrometheus;
let builtin: Sources;

beforeAll(async () => {
  shortLived = await startRealPrometheus({
    targets: [{ job: 'mesh', url: mesh.endpoints['metrics']! }],
    scrapeIntervalSeconds: 1,
    retention: '65m',
  });
  builtin = createSources(loadConfig({ KUBECONFIG: mesh.kubeconfig, PROMETHEUS_URL: mesh.endpoints['prometheus']! }));
  await builtin.start();
});
afterAll(async () => {
  await builtin?.stop();
  await shortLived?.stop();
});

describe('what the console learns from Prometheus about the windows it can serve', () => {
  it('reads a real Prometheus started with --storage.tsdb.retention.time=65m as keeping 65 minutes', async () => {
    const status = await loadPrometheusStatus(createPrometheusSource({ url: shortLived.url, timeoutMs: 5_000 }));
    expect(prometheusStatus.parse(status)).toEqual({
      configured: true,
      retentionSeconds: 65 * 60,
      scrapeIntervalSeconds: 1,
    });
  });

  it('reads a real Prometheus left at its defaults as keeping 15 days', async () => {
    const status = await loadPrometheusStatus(
      createPrometheusSource({ url: inject('prometheus').url, timeoutMs: 5_000 }),
    );
    expect(status.retentionSeconds).toBe(15 * 86_400);
  });

  it('reads the mesh in a box as keeping 65 minutes, as a real Prometheus says it', async () => {
    expect((await loadPrometheusStatus(builtin.prometheus)).retentionSeconds).toBe(65 * 60);
  });

  it('says nothing is known when no Prometheus is configured', async () => {
    expect(await loadPrometheusStatus(null)).toEqual({
      configured: false,
      retentionSeconds: null,
      scrapeIntervalSeconds: null,
    });
  });

  it('refuses a graph window longer than Prometheus keeps in rounded words', async () => {
    const query = graphQuery.parse({ namespaces: 'demo', duration: '3h' });
    await expect(loadGraph(builtin, caches.topologies, query)).rejects.toThrow(
      'the window (3h) reaches further back than Prometheus keeps data (1 h 5 min); choose a shorter window',
    );
  });
});
