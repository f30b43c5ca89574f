// The probes as the Kubernetes API server words its own (kubernetes.io/docs/reference/using-api/health-checks): named
// checks, "informer-sync" among them, each ok or failed with why; a probe reads only the status code.
import { describe, expect, it } from 'vitest';
import { healthzResponse } from '../../../lib/api/healthz.js';
import { readyzResponse } from '../../../lib/api/readyz.js';
import { ConfigError, KubernetesError } from '../../../server/errors.js';
import { healthzOf, readyzOf, readyzStatus, unstartable } from '../../../server/probes.js';

/** A cluster whose cache still waits for `unsynced`, and cannot list the kinds in `refused`. */
function cluster(name: string, unsynced: string[], refused: string[] = []) {
  return {
    cluster: name,
    unsynced: () => unsynced,
    problems: () => refused.map((kind) => ({ kind: kind as 'Pod', message: `${kind}: forbidden` })),
  };
}
const sourcesOf = (...clusters: ReturnType<typeof cluster>[]) => ({
  clusters: new Map(clusters.map((c) => [c.cluster, c])),
  prometheus: null,
  jaeger: {},
});

describe('/readyz', () => {
  it('is not ready, with 503, while a cluster has resources to list, and names them by cluster', () => {
    const readyz = readyzResponse.parse(
      readyzOf(sourcesOf(cluster('east', ['discovery', 'pods', 'services']), cluster('west', []))),
    );
    expect(readyz.status).toBe('not ready');
    expect(readyzStatus(readyz)).toBe(503);
    expect(readyz.notSynced).toEqual([{ cluster: 'east', resources: ['discovery', 'pods', 'services'] }]);
    expect(readyz.checks).toEqual([
      { name: 'config', ok: true },
      { name: 'informer-sync', ok: false, message: 'cluster east has not listed discovery, pods, services yet' },
    ]);
  });

  it('is ready, with 200, once every cluster has listed everything it may list', () => {
    const readyz = readyzResponse.parse(readyzOf(sourcesOf(cluster('east', [], ['AuthorizationPolicy']))));
    expect(readyz).toEqual({
      status: 'ready',
      checks: [
        { name: 'config', ok: true },
        { name: 'informer-sync', ok: true },
      ],
      notSynced: [],
    });
    expect(readyzStatus(readyz)).toBe(200);
  });

  it('is not ready when the configuration or the kubeconfig cannot be read, saying why', () => {
    const readyz = readyzResponse.parse(
      unstartable(new KubernetesError('malformed', 'cannot read the kubeconfig /nowhere: ENOENT (KUBECONFIG)')),
    );
    expect(readyz.status).toBe('not ready');
    expect(readyz.checks[0]).toEqual({
      name: 'config',
      ok: false,
      message: 'cannot read the kubeconfig /nowhere: ENOENT (KUBECONFIG)',
    });
    expect(unstartable(new ConfigError('PROMETHEUS_URL: not a URL')).checks[0]?.ok).toBe(false);
  });

  it('lets a bug through as a bug, not as "not ready"', () => {
    expect(() => unstartable(new TypeError('x is undefined'))).toThrow(TypeError);
  });
});

describe('/healthz', () => {
  it('is ok before the caches have synced, naming the clusters, their problems and the other sources', () => {
    const healthz = healthzResponse.parse(healthzOf(sourcesOf(cluster('east', ['pods'], ['AuthorizationPolicy']))));
    expect(healthz).toEqual({
      status: 'ok',
      clusters: [{ cluster: 'east', problems: ['AuthorizationPolicy: forbidden'] }],
      prometheus: false,
      jaeger: true,
    });
  });
});
