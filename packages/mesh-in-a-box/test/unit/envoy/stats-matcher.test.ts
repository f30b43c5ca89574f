// Which proxies keep their upstream clusters' stats: those whose inclusion list can pass a `cluster.outbound|…` or
// `cluster.inbound|…` name (pkg/bootstrap/config.go getStatsOptions puts the pod's entries before the required ones).
import { describe, expect, it } from 'vitest';
import { keepsUpstreamClusterStats, type StatsInclusion } from '../../../src/envoy/stats-matcher.js';

const REQUIRED: StatsInclusion = {
  prefixes: [
    'reporter=',
    'cluster_manager',
    'listener_manager',
    'server',
    'cluster.xds-grpc',
    'wasm',
    'component',
    'istio',
  ],
  suffixes: ['rbac.allowed', 'rbac.denied'],
  regexps: [],
};
const plus = (extra: Partial<StatsInclusion>): StatsInclusion => ({
  prefixes: [...(extra.prefixes ?? []), ...REQUIRED.prefixes],
  suffixes: [...(extra.suffixes ?? []), ...REQUIRED.suffixes],
  regexps: extra.regexps ?? [],
});

describe('whether a proxy keeps its upstream clusters’ stats', () => {
  it.each([
    ['Istio’s required list alone', REQUIRED, false],
    ['a prefix of one outbound cluster', plus({ prefixes: ['cluster.outbound|9080||reviews'] }), true],
    ['the whole cluster tree', plus({ prefixes: ['cluster.'] }), true],
    ['a prefix shorter than cluster.', plus({ prefixes: ['clu'] }), true],
    ['xds-grpc only, spelled again', plus({ prefixes: ['cluster.xds-grpc.upstream'] }), false],
    ['a suffix of its own', plus({ suffixes: ['upstream_rq_timeout'] }), true],
    ['a regexp of its own', plus({ regexps: ['.*outlier_detection.*'] }), true],
  ])('%s: %s', (_name, inclusion, keeps) => {
    expect(keepsUpstreamClusterStats(inclusion)).toBe(keeps);
  });
});
