import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/store/kube-object.js';
import { GR } from '../../../src/store/resource-types.js';
import { adminJson, virtualHost, type Json } from './admin-call.js';
import { fixtureObject, sentimentMesh } from './sentiment-mesh.js';

const SA_LOGIC = 'sa-logic.demo.svc.cluster.local:80';

function saLogicRoutes(mesh: ReturnType<typeof sentimentMesh>): Json[] {
  return virtualHost(adminJson(mesh.store, mesh.webapp, '/config_dump'), '80', SA_LOGIC).routes;
}

function virtualService(spec: object, name = 'sa-logic'): KubeObject {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace: 'demo' }, spec };
}

describe("sa-webapp's routes to sa-logic", () => {
  it('go to the service cluster with Istio’s default retries when no VirtualService applies', () => {
    const [route] = saLogicRoutes(sentimentMesh());
    expect(route.name).toBe('default');
    expect(route.match).toEqual({ prefix: '/' });
    expect(route.route.cluster).toBe('outbound|80||sa-logic.demo.svc.cluster.local');
    expect(route.route.timeout).toBe('0s');
    expect(route.route.retry_policy).toMatchObject({
      retry_on: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
      num_retries: 2,
      retriable_status_codes: [503],
    });
  });

  it('split 90/10 between the v1 and v2 subsets after the canary VirtualService, then 100% v1 after the plain one', () => {
    const mesh = sentimentMesh();
    mesh.store.create(GR.virtualservices, fixtureObject('sa-logic-vs-canary.yaml'));
    const [canary] = saLogicRoutes(mesh);
    expect(canary.route.weighted_clusters.clusters).toEqual([
      { name: 'outbound|80|v1|sa-logic.demo.svc.cluster.local', weight: 90 },
      { name: 'outbound|80|v2|sa-logic.demo.svc.cluster.local', weight: 10 },
    ]);
    expect(canary.route.cluster).toBeUndefined();

    mesh.store.update(GR.virtualservices, fixtureObject('sa-logic-vs.yaml'));
    const routes = saLogicRoutes(mesh);
    expect(routes).toHaveLength(1);
    expect(routes[0].route.cluster).toBe('outbound|80|v1|sa-logic.demo.svc.cluster.local');
    expect(routes[0].route.weighted_clusters).toBeUndefined();
  });

  it('answer every name a client in demo can use for sa-logic, with and without the port', () => {
    const mesh = sentimentMesh();
    const vhost = virtualHost(adminJson(mesh.store, mesh.webapp, '/config_dump'), '80', SA_LOGIC);
    expect(vhost.domains).toEqual([
      'sa-logic.demo.svc.cluster.local',
      'sa-logic.demo.svc.cluster.local:80',
      'sa-logic',
      'sa-logic:80',
      'sa-logic.demo.svc',
      'sa-logic.demo.svc:80',
      'sa-logic.demo',
      'sa-logic.demo:80',
      '10.96.10.1',
      '10.96.10.1:80',
    ]);
  });

  it('translate matches, timeouts, retries, faults and mirrors from the VirtualService', () => {
    const mesh = sentimentMesh();
    mesh.store.create(
      GR.virtualservices,
      virtualService({
        hosts: ['sa-logic'],
        http: [
          {
            name: 'sentiment',
            match: [
              { name: 'exact', uri: { exact: '/analyse/sentiment' }, headers: { 'x-canary': { exact: 'yes' } } },
              { uri: { regex: '^/v[0-9]+/.*' }, method: { exact: 'POST' } },
            ],
            route: [{ destination: { host: 'sa-logic', subset: 'v2' } }],
            timeout: '5s',
            retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,503' },
            fault: {
              delay: { fixedDelay: '1s', percentage: { value: 10 } },
              abort: { httpStatus: 500, percentage: { value: 50 } },
            },
            mirror: { host: 'sa-logic', subset: 'v1' },
            mirrorPercentage: { value: 25 },
          },
          { route: [{ destination: { host: 'sa-logic', subset: 'v1' } }], retries: { attempts: 0 } },
        ],
      }),
    );
    const [exact, regex, fallback] = saLogicRoutes(mesh);
    expect(exact.name).toBe('sentiment.exact');
    expect(exact.match).toEqual({
      path: '/analyse/sentiment',
      headers: [{ name: 'x-canary', string_match: { exact: 'yes' } }],
    });
    expect(regex.name).toBe('sentiment');
    expect(regex.match).toEqual({
      safe_regex: { regex: '^/v[0-9]+/.*' },
      headers: [{ name: ':method', string_match: { exact: 'POST' } }],
    });
    expect(exact.route).toMatchObject({
      cluster: 'outbound|80|v2|sa-logic.demo.svc.cluster.local',
      timeout: '5s',
      retry_policy: {
        retry_on: 'gateway-error,retriable-status-codes',
        num_retries: 3,
        per_try_timeout: '2s',
        retriable_status_codes: [503],
      },
      request_mirror_policies: [
        {
          cluster: 'outbound|80|v1|sa-logic.demo.svc.cluster.local',
          runtime_fraction: { default_value: { numerator: 250000, denominator: 'MILLION' } },
        },
      ],
    });
    expect(exact.typed_per_filter_config['envoy.filters.http.fault']).toMatchObject({
      delay: { fixed_delay: '1s', percentage: { numerator: 100000, denominator: 'MILLION' } },
      abort: { http_status: 500, percentage: { numerator: 500000, denominator: 'MILLION' } },
    });
    expect(fallback.match).toEqual({ prefix: '/' });
    expect(fallback.route.retry_policy).toBeUndefined(); // attempts: 0 turns retries off
    expect(fallback.name).toBeUndefined();
  });

  it('ignore a VirtualService bound only to a gateway, and matches for other source workloads', () => {
    const mesh = sentimentMesh();
    mesh.store.create(
      GR.virtualservices,
      virtualService(
        {
          hosts: ['sa-logic'],
          gateways: ['http-gateway'],
          http: [{ route: [{ destination: { host: 'sa-logic', subset: 'v2' } }] }],
        },
        'edge',
      ),
    );
    expect(saLogicRoutes(mesh)[0].name).toBe('default');

    mesh.store.create(
      GR.virtualservices,
      virtualService({
        hosts: ['sa-logic'],
        http: [
          {
            match: [{ sourceLabels: { app: 'sa-feedback' } }],
            route: [{ destination: { host: 'sa-logic', subset: 'v2' } }],
          },
          { route: [{ destination: { host: 'sa-logic', subset: 'v1' } }] },
        ],
      }),
    );
    const routes = saLogicRoutes(mesh);
    expect(routes.map((r: Json) => r.route.cluster)).toEqual(['outbound|80|v1|sa-logic.demo.svc.cluster.local']);
  });
});
