import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graphResponse, type GraphResponse } from '../../../../lib/api/graph.js';
import { compactGraph } from '../../../../server/graph/compact-graph.js';

const ratio = fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true }));
const direction = fc.record({ rps: ratio, errorRatio: ratio, bps: ratio });
const node = fc.record({
  id: fc.string({ minLength: 1 }),
  nodeType: fc.constantFrom('app', 'workload', 'service', 'serviceEntry', 'unknown' as const),
  cluster: fc.constantFrom('Kubernetes', 'east'),
  namespace: fc.string(),
  hasSidecar: fc.boolean(),
  health: fc.constant(null),
  badges: fc.subarray(['gateway', 'dead', 'idle'] as const),
  traffic: fc.record({ inbound: direction, outbound: direction }),
});
const codes = fc.dictionary(
  fc.constantFrom('200', '503', '-', '0'),
  fc.oneof(
    ratio.map((rps) => ({ rps, flags: { '-': rps } })),
    fc.record({ rps: ratio, flags: fc.dictionary(fc.constantFrom('-', 'UH', 'UT'), ratio, { minKeys: 1 }) }),
  ),
);
const edge = fc
  .record({
    source: fc.string({ minLength: 1 }),
    target: fc.string({ minLength: 1 }),
    protocol: fc.constantFrom('http', 'grpc', 'tcp' as const),
    rps: ratio,
    share: ratio,
    errorRatio: ratio,
    http4xxRatio: ratio,
    http5xxRatio: ratio,
    mtlsRatio: fc.oneof(fc.constant(null), ratio),
    tls: fc.constantFrom('mutual', 'plaintext', 'mixed', 'no-sidecar', 'unknown' as const),
    responseCodes: codes,
    customId: fc.option(fc.string(), { nil: undefined }),
  })
  .map(({ customId, ...e }) => ({ ...e, id: customId ?? `${e.source}>${e.target}>${e.protocol}` }));

describe('the graph on the wire', () => {
  it('reads back, through the contract, exactly as it was built', () => {
    fc.assert(
      fc.property(fc.array(node, { maxLength: 5 }), fc.array(edge, { maxLength: 5 }), (nodes, edges) => {
        const graph: GraphResponse = {
          timestamp: 1,
          duration: '60s',
          graphType: 'workload',
          namespaces: ['demo'],
          queries: 2,
          nodes,
          edges,
        };
        const wire = JSON.parse(JSON.stringify(compactGraph(graph))) as unknown;
        expect(graphResponse.parse(wire)).toEqual(graph);
      }),
    );
  });

  it('leaves out what the contract fills back in', () => {
    const wire = compactGraph({
      timestamp: 1,
      duration: '60s',
      graphType: 'workload',
      namespaces: [],
      queries: 2,
      nodes: [],
      edges: [
        {
          id: 'a>b>http',
          source: 'a',
          target: 'b',
          protocol: 'http',
          rps: 2,
          share: 1,
          errorRatio: 0,
          http4xxRatio: 0,
          http5xxRatio: 0,
          mtlsRatio: 1,
          tls: 'mutual',
          responseCodes: { '200': { rps: 2, flags: { '-': 2 } } },
        },
      ],
    }) as { edges: unknown[] };
    expect(wire.edges[0]).toEqual({ source: 'a', target: 'b', rps: 2, responseCodes: { '200': 2 } });
  });
});
