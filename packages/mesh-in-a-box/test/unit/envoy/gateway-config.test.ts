import { describe, expect, it } from 'vitest';
import { GR } from '../../../src/store/resource-types.js';
import { adminJson, dynamicListener, routeConfig, section, type Json } from './admin-call.js';
import { fixtureObject, sentimentMesh } from './sentiment-mesh.js';

describe('the ingress gateway proxy', () => {
  it('listens on the pod port behind the Gateway’s port 80 and routes through http.8080', () => {
    const mesh = sentimentMesh();
    const dump = adminJson(mesh.store, mesh.gateway, '/config_dump');
    const names = section(dump, 'ListenersConfigDump').dynamic_listeners.map((l: Json) => l.name);
    expect(names).toEqual(['0.0.0.0_8080']);
    const hcm = dynamicListener(dump, '0.0.0.0_8080').filter_chains[0].filters[0].typed_config;
    expect(hcm.rds.route_config_name).toBe('http.8080');
    expect(hcm.use_remote_address).toBe(true);
    expect(section(dump, 'BootstrapConfigDump').bootstrap.node.id).toMatch(/^router~10\.244\.0\.5~/);
  });

  it('routes the paths of the VirtualServices bound to the Gateway, in their order', () => {
    const mesh = sentimentMesh();
    const route = routeConfig(adminJson(mesh.store, mesh.gateway, '/config_dump'), 'http.8080');
    expect(route.virtual_hosts.map((v: Json) => [v.name, v.domains])).toEqual([['*:80', ['*']]]);
    const routes = route.virtual_hosts[0].routes.map((r: Json) => [r.match, r.route.cluster]);
    expect(routes).toEqual([
      [{ path: '/' }, 'outbound|80||sa-frontend.demo.svc.cluster.local'],
      [{ prefix: '/static' }, 'outbound|80||sa-frontend.demo.svc.cluster.local'],
      [{ safe_regex: { regex: '^.*\\.(ico|png|jpg)$' } }, 'outbound|80||sa-frontend.demo.svc.cluster.local'],
      [{ prefix: '/sentiment' }, 'outbound|80||sa-webapp.demo.svc.cluster.local'],
      [{ prefix: '/feedback' }, 'outbound|80||sa-feedback.demo.svc.cluster.local'],
    ]);
  });

  it('adds the keycloak route of the second ingress VirtualService and still sees the mesh clusters', () => {
    const mesh = sentimentMesh();
    mesh.store.update(GR.virtualservices, fixtureObject('vs-route-ingress-keycloak.yaml'));
    const dump = adminJson(mesh.store, mesh.gateway, '/config_dump');
    const clusters = routeConfig(dump, 'http.8080').virtual_hosts[0].routes.map((r: Json) => r.route.cluster);
    expect(clusters.at(-1)).toBe('outbound|8080||keycloak.keycloak.svc.cluster.local');
    const names = section(dump, 'ClustersConfigDump').dynamic_active_clusters.map((c: Json) => c.cluster.name);
    expect(names).toEqual(
      expect.arrayContaining(['outbound|80||sa-webapp.demo.svc.cluster.local', 'BlackHoleCluster']),
    );
    expect(names).not.toContain('InboundPassthroughCluster');
  });

  it('answers every host with no route when no VirtualService is bound to the Gateway', () => {
    const mesh = sentimentMesh();
    mesh.store.delete(GR.virtualservices, 'demo', 'sa-external-services');
    const route = routeConfig(adminJson(mesh.store, mesh.gateway, '/config_dump'), 'http.8080');
    expect(route.virtual_hosts).toEqual([{ name: 'blackhole:80', domains: ['*'], routes: [] }]);
  });
});
