import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiRoute, pathParams, routeUrl, type ApiRoute } from '../../../../lib/api/api-route.js';
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
      status: 'Running',
      readyContainers: 2,
      totalContainers: 2,
      restarts: 0,
      proxyVersion: '1.22.3',
      proxyReady: true,
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

describe('the contracts of lib/api', () => {
  it('give every JSON route handler in app exactly one route object, and no two objects the same method and path', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join, relative, resolve } = await import('node:path');
    const root = resolve(import.meta.dirname, '../../../..');
    const contracts = readdirSync(join(root, 'lib/api')).filter(
      (f) => /^[a-z-]+\.ts$/.test(f) && !f.startsWith('use-'),
    );
    const routes: string[] = [];
    for (const file of contracts) {
      const module = (await import(join(root, 'lib/api', file))) as Record<string, unknown>;
      for (const value of Object.values(module))
        if (value && typeof value === 'object' && 'route' in value && 'output' in value) {
          const { method, route } = value as ApiRoute<z.ZodType>;
          routes.push(`${method} ${route}`);
        }
    }
    const handlers: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
        else if (entry.name === 'route.ts')
          // Each method a JSON handler answers (jsonRoute), not the ones answered 405 (methodNotAllowed).
          for (const m of readFileSync(join(dir, entry.name), 'utf8').matchAll(
            /export const (GET|POST) = jsonRoute\(/g,
          ))
            handlers.push(`${m[1]} /${relative(join(root, 'app'), dir)}`);
      }
    };
    walk(join(root, 'app'));
    // /metrics answers in Prometheus' text format, whose contract is Prometheus' own.
    const jsonHandlers = handlers.filter((h) => h !== 'GET /metrics');
    expect(new Set(routes).size).toBe(routes.length);
    expect([...routes].sort()).toEqual([...jsonHandlers].sort());
  });

  it('fetch only through routeQuery (useRoute, the per-namespace lists), never with a schema of their own', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join, resolve } = await import('node:path');
    const dir = resolve(import.meta.dirname, '../../../../lib/api');
    const hooks = readdirSync(dir).filter((f) => f.startsWith('use-') && f !== 'use-route.ts');
    const own = hooks.filter((f) => {
      const source = readFileSync(join(dir, f), 'utf8');
      return (
        /\bfetchJson\(/.test(source) || (/\b(useQuery|useQueries)\(/.test(source) && !/\brouteQuery\(/.test(source))
      );
    });
    expect(own).toEqual([]);
  });
});
