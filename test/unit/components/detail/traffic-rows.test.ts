// The Traffic tab's rows: the peer at the other end of each edge, its page, the edge's colour on the graph in words,
// and the link that opens the graph drawn as the edge was cut from, with the edge selected.
import { describe, expect, it } from 'vitest';
import { entityTrafficResponse } from '../../../../lib/api/entity-traffic.js';
import { graphPath, nodePath, trafficRows } from '../../../../components/detail/traffic-rows.js';
import { neighbourElements } from '../../../../components/detail/neighbour-elements.js';

const node = (id: string, fields: Record<string, unknown>) => ({ id, namespace: 'demo', health: null, ...fields });

const traffic = entityTrafficResponse.parse({
  timestamp: 1,
  duration: '60s',
  graphType: 'workload',
  injectServiceNodes: false,
  entityNodes: ['wl:demo:sa-webapp'],
  nodes: [
    node('wl:demo:sa-webapp', {
      nodeType: 'workload',
      workload: 'sa-webapp',
      health: { status: 'Healthy', requests: null },
    }),
    node('wl:istio-system:istio-ingressgateway', {
      nodeType: 'workload',
      workload: 'istio-ingressgateway',
      namespace: 'istio-system',
      health: { status: 'Healthy', requests: null },
    }),
    node('wl:demo:sa-logic', {
      nodeType: 'workload',
      workload: 'sa-logic',
      health: { status: 'Healthy', requests: null },
    }),
    node('wl:demo:sa-logic-v2', {
      nodeType: 'workload',
      workload: 'sa-logic-v2',
      health: { status: 'Failure', requests: null },
    }),
    node('svc:demo:PassthroughCluster', { nodeType: 'service', service: 'PassthroughCluster' }),
  ],
  inbound: [
    { source: 'wl:istio-system:istio-ingressgateway', target: 'wl:demo:sa-webapp', rps: 10, responseCodes: {} },
  ],
  outbound: [
    { source: 'wl:demo:sa-webapp', target: 'wl:demo:sa-logic', rps: 9, responseCodes: {} },
    { source: 'wl:demo:sa-webapp', target: 'wl:demo:sa-logic-v2', rps: 1, errorRatio: 0.25, responseCodes: {} },
    {
      source: 'wl:demo:sa-webapp',
      target: 'svc:demo:PassthroughCluster',
      protocol: 'tcp',
      rps: 0,
      bps: 20,
      responseCodes: {},
    },
  ],
  queries: 3,
});

describe("the Traffic tab's rows", () => {
  it('names the peer at the other end and links its page', () => {
    const [gateway] = trafficRows(traffic, 'demo', 'inbound');
    expect(gateway).toMatchObject({
      peerName: 'istio-ingressgateway',
      peerKind: 'Workload',
      peerPath: '/namespaces/istio-system/workloads/istio-ingressgateway',
    });
    const out = trafficRows(traffic, 'demo', 'outbound');
    expect(out.map((r) => r.peerName)).toEqual(['sa-logic', 'sa-logic-v2', 'PassthroughCluster']);
    // Envoy's egress cluster is no Service: nothing to link.
    expect(out[2]!.peerPath).toBeNull();
  });

  it("says the edge's colour on the graph in words: Kiali's 20% errors is a failure", () => {
    expect(trafficRows(traffic, 'demo', 'outbound').map((r) => r.health)).toEqual(['Healthy', 'Failure', 'TCP']);
  });

  it('links the edge on the graph drawn as the one hop was cut, with the edge selected', () => {
    const [row] = trafficRows(traffic, 'demo', 'outbound');
    const url = new URL(row!.graphPath, 'http://console');
    expect(url.pathname).toBe('/graph');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      namespaces: 'demo',
      graphType: 'workload',
      injectServiceNodes: 'false',
      select: 'wl:demo:sa-webapp>wl:demo:sa-logic>http',
    });
    // The graph's default (service nodes injected) is left out of the link.
    expect(graphPath({ graphType: 'versionedApp', injectServiceNodes: true }, 'demo', 'svc:demo:sa-logic')).toBe(
      '/graph?namespaces=demo&graphType=versionedApp&select=svc%3Ademo%3Asa-logic',
    );
  });

  it('links apps, services and ServiceEntries to their pages, and unregistered hosts to none', () => {
    const n = (fields: Record<string, unknown>) =>
      ({
        ...node('x', fields),
        cluster: 'Kubernetes',
        hasSidecar: true,
        badges: [],
        traffic: { inbound: { rps: 0, errorRatio: 0, bps: 0 }, outbound: { rps: 0, errorRatio: 0, bps: 0 } },
      }) as never;
    expect(nodePath(n({ nodeType: 'app', app: 'sa-logic', version: 'v2' }))).toBe(
      '/namespaces/demo/applications/sa-logic',
    );
    expect(nodePath(n({ nodeType: 'service', service: 'sa-logic' }))).toBe('/namespaces/demo/services/sa-logic');
    expect(nodePath(n({ nodeType: 'service', service: 'api.example.com', hosts: ['api.example.com'] }))).toBeNull();
    expect(nodePath(n({ nodeType: 'serviceEntry', service: 'external-api' }))).toBe(
      '/namespaces/demo/istio/ServiceEntry/external-api',
    );
    expect(nodePath(n({ nodeType: 'unknown' }))).toBeNull();
  });
});

describe('the neighbours graph', () => {
  it("draws the entity selected with its health, its peers without one (theirs would count only the entity's traffic)", () => {
    const defs = neighbourElements(traffic);
    const webapp = defs.find((d) => d.data.id === 'wl:demo:sa-webapp')!;
    expect(webapp.classes.split(' ')).toEqual(expect.arrayContaining(['selected', 'health-Healthy']));
    const v2 = defs.find((d) => d.data.id === 'wl:demo:sa-logic-v2')!;
    expect(v2.classes.split(' ')).toContain('health-NA');
    const edge = defs.find((d) => d.data.id === 'wl:demo:sa-webapp>wl:demo:sa-logic-v2>http')!;
    expect(edge.classes.split(' ')).toContain('failure');
    expect(edge.data.label).toBe('1.00 rps');
    expect(defs.filter((d) => d.group === 'edges')).toHaveLength(4);
  });
});
