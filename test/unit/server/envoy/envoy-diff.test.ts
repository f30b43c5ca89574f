// The pod diff: two proxies of one workload get the same push from istiod, so a difference is a stale proxy.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffDumps, differingPaths } from '../../../../server/envoy/envoy-diff.js';
import { parseDump } from '../../../../server/envoy/parse-dump.js';
import { WIRE } from '../../../helpers/fixtures.js';

const text = readFileSync(`${WIRE}/envoy-config-dump.json`, 'utf8');
const fresh = () => JSON.parse(text) as { configs: Record<string, unknown>[] };
const NOW = Date.parse('2021-06-10T00:00:00Z');
const typed = (dump: ReturnType<typeof fresh>, kind: string) =>
  dump.configs.find((c) => String(c['@type']).endsWith(kind))!;

describe('the config diff between two pods', () => {
  it('finds nothing between two copies of one config, whatever their push times', () => {
    const a = fresh();
    const b = fresh();
    (typed(b, 'ClustersConfigDump').dynamicActiveClusters as { lastUpdated: string }[])[0]!.lastUpdated = 'later';
    const sections = diffDumps(parseDump({ configDump: a }, NOW), parseDump({ configDump: b }, NOW));
    for (const s of sections) expect(s, s.section).toMatchObject({ onlyHere: [], onlyThere: [], differing: [] });
    expect(sections.find((s) => s.section === 'clusters')!.same).toBe(28);
  });

  it('shows a cluster one proxy lacks, a route that differs and where, and ignores the pod-own bootstrap values', () => {
    const stale = fresh();
    const clusters = typed(stale, 'ClustersConfigDump').dynamicActiveClusters as { cluster: { name: string } }[];
    const dropped = clusters.pop()!.cluster.name;
    const routes = typed(stale, '.RoutesConfigDump').dynamicRouteConfigs as {
      routeConfig: { virtualHosts: { routes: { route: { timeout: string } }[] }[] };
    }[];
    routes[1]!.routeConfig.virtualHosts[1]!.routes[0]!.route.timeout = '5s';
    const node = (
      typed(stale, 'BootstrapConfigDump').bootstrap as { node: { id: string; metadata: Record<string, unknown> } }
    ).node;
    node.id = 'sidecar~10.244.0.99~details-v1-other.default~default.svc.cluster.local';
    node.metadata.NAME = 'details-v1-other';
    node.metadata.ISTIO_VERSION = '1.9.5';

    const sections = diffDumps(parseDump({ configDump: fresh() }, NOW), parseDump({ configDump: stale }, NOW));
    const of = (name: string) => sections.find((s) => s.section === name)!;
    expect(of('clusters')).toMatchObject({ onlyHere: [dropped], onlyThere: [], differing: [] });
    expect(of('routes').differing).toEqual([
      { key: '80 ▸ istio-egressgateway.istio-system.svc.cluster.local:80 #1', paths: ['route.timeout'] },
    ]);
    expect(of('bootstrap').differing).toEqual([{ key: 'metadata.ISTIO_VERSION', paths: ['(value)'] }]);
  });

  it('names the paths at which two values differ, array positions included, up to a few', () => {
    expect(differingPaths({ a: [1, { b: 2 }], c: 3 }, { a: [1, { b: 4 }], c: 3, d: 1 })).toEqual(['a[1].b', 'd']);
    const wide = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]));
    expect(differingPaths(wide, {})).toHaveLength(8);
  });
});
