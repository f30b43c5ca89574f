// Which proxies keep their upstream clusters' stats: those whose inclusion list can pass a `cluster.outbound|…` or
// `cluster.inbound|…` name (pkg/bootstrap/config.go getStatsOptions puts the pod's entries before the required ones).
import { describe, expect, it } from 'vitest';
import { keepsUpstreamClusterStats, statsInclusion, type StatsInclusion } from '../../../src/envoy/stats-matcher.js';
import { ObjectStore } from '../../../src/store/object-store.js';

// What pilot-agent writes for a pod that asks for nothing, and no mesh-wide proxyStatsMatcher: the required entries.
const REQUIRED = statsInclusion(new ObjectStore(), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'plain' } });
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
