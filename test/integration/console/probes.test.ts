// The console's probes as a process serves them, against the shared mesh in a box: /readyz fails while the watch
// caches have not listed the cluster yet and passes once they have, as the Kubernetes API server's own /readyz does
// with its informer-sync check (kubernetes.io/docs/reference/using-api/health-checks); /healthz does not wait.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { healthzResponse } from '../../../lib/api/healthz.js';
import { readyzResponse } from '../../../lib/api/readyz.js';

const mesh = inject('mesh');
const noParams = { params: Promise.resolve({}) };
const saved = { ...process.env };

beforeAll(() => {
  // The routes read their configuration from the environment, as `npm start` gives it.
  process.env['KUBECONFIG'] = mesh.kubeconfig;
  process.env['PROMETHEUS_URL'] = inject('prometheus').url;
});
afterAll(async () => {
  const { getSources } = await import('../../../server/sources/sources.js');
  await (await getSources()).stop();
  process.env = saved;
});

describe('the probes', () => {
  it('/readyz answers 503 naming what is not listed yet while the caches start, then 200 once they have synced', async () => {
    const { GET: readyz } = await import('../../../app/readyz/route.js');
    const { GET: healthz } = await import('../../../app/healthz/route.js');
    const { getSources } = await import('../../../server/sources/sources.js');

    // The first request starts the sources; the caches cannot have listed anything before it is answered.
    const starting = await readyz(new Request('http://console/readyz'), noParams);
    expect(starting.status).toBe(503);
    const before = readyzResponse.parse(await starting.json());
    expect(before.status).toBe('not ready');
    expect(before.notSynced).toHaveLength(1);
    expect(before.notSynced[0]!.resources).toEqual(expect.arrayContaining(['discovery', 'namespaces', 'pods']));
    expect(before.checks.find((c) => c.name === 'informer-sync')?.ok).toBe(false);

    // Alive meanwhile: configured and knowing its cluster, without waiting for the caches.
    const alive = await healthz(new Request('http://console/healthz'), noParams);
    expect(alive.status).toBe(200);
    const health = healthzResponse.parse(await alive.json());
    expect(health.clusters).toHaveLength(1);
    expect(health.prometheus).toBe(true);

    const sources = await getSources(); // resolves once every informer has listed once
    const synced = await readyz(new Request('http://console/readyz'), noParams);
    expect(synced.status).toBe(200);
    expect(readyzResponse.parse(await synced.json())).toEqual({
      status: 'ready',
      checks: [
        { name: 'config', ok: true },
        { name: 'informer-sync', ok: true },
      ],
      notSynced: [],
    });
    expect(health.clusters[0]!.cluster).toBe(sources.kubernetes.cluster);
  });
});
