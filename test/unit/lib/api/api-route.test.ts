import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiRoute, pathParams, routeUrl } from '../../../../lib/api/api-route.js';
import { appDetailRoute } from '../../../../lib/api/apps.js';
import { workloadDetailRoute, workloadsRoute } from '../../../../lib/api/workloads.js';

describe('API routes', () => {
  it('fills each [param] of the path, encoded, and leaves out empty search values', () => {
    expect(routeUrl(workloadDetailRoute.route, { ns: 'demo', name: 'a/b' }, { window: '5m', kind: undefined })).toBe(
      '/api/namespaces/demo/workloads/a%2Fb?window=5m',
    );
    expect(routeUrl('/api/validations', {}, { namespace: '' })).toBe('/api/validations');
  });

  it('names the path parameter a caller forgot', () => {
    expect(() => routeUrl(workloadDetailRoute.route, { ns: 'demo' })).toThrow(/needs its path parameter name/);
    expect(pathParams(appDetailRoute.route)).toEqual(['ns', 'name']);
  });

  it('binds the detail route to the detail contract, which keeps the pods and Istio config a list row drops', () => {
    const row = {
      name: 'sa-logic',
      namespace: 'demo',
      app: 'sa-logic',
      version: 'v1',
      kind: 'Deployment',
      pods: { ready: 2, desired: 2 },
      hasSidecar: true,
      sidecarExemption: null,
      labels: {},
      health: { status: 'Healthy', requests: null },
      badges: [],
      istioConfig: [{ kind: 'VirtualService', namespace: 'demo', name: 'sa-logic' }],
    };
    const pod = {
      name: 'sa-logic-1',
      phase: 'Running',
      ready: true,
      hasSidecar: true,
      ip: null,
      node: null,
      createdAt: null,
    };
    const detail = { ...row, podList: [pod], services: ['sa-logic'], createdAt: null };
    const parsed = workloadDetailRoute.output.parse(detail);
    expect(parsed.podList.map((p) => p.name)).toEqual(['sa-logic-1']);
    expect(parsed.istioConfig).toHaveLength(1);
    // The list contract would silently strip what the page needs: the reason each route carries its own.
    expect(workloadsRoute.output.element.parse(detail)).not.toHaveProperty('podList');
    expect(apiRoute('/x', z.string()).route).toBe('/x');
  });
});
