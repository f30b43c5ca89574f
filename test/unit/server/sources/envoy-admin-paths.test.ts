// The Envoy admin allow-list. Envoy's admin "allows destructive operations to be performed (e.g., shutting down the
// server)" and must only be reachable from a secure network (envoyproxy.io docs, operations/admin, "Attention"); the
// console reaches it for any user through pods/proxy, so it forwards only read-only pages and never anything else.
import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../../../server/errors.js';
import { allowedAdminPath } from '../../../../server/sources/envoy-admin-paths.js';
import { createEnvoySource } from '../../../../server/sources/envoy.js';
import type { KubernetesSource } from '../../../../server/sources/kubernetes.js';

const REFUSED = [
  '/quitquitquit',
  '/logging?level=trace',
  '/logging',
  '/healthcheck/fail',
  '/reset_counters',
  '/runtime_modify?a=b',
  '/drain_listeners',
  '/stats/../quitquitquit',
  '/stats/%2e%2e/quitquitquit',
  '/%2e%2e/quitquitquit',
  '/stats%2F..%2Fquitquitquit',
  '//evil.example.com/stats',
  'http://evil.example.com/stats',
  'stats',
  '/stats?filter=a&filter=b',
  '/stats?format=html',
  '/stats?usedonly=1',
  '/config_dump?resource=x&level=trace',
  '/stats?filter=a%26level%3Dtrace%0d%0a',
  '/stats#frag',
  '/stats\\..\\quitquitquit',
  '/clusters ',
  '/',
  '',
];

describe('the Envoy admin allow-list', () => {
  it.each(REFUSED)('refuses %j with 403 envoy_path_refused', (path) => {
    let caught: unknown;
    try {
      allowedAdminPath(path);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RefusedError);
    expect(caught).toMatchObject({ status: 403, code: 'envoy_path_refused' });
  });

  it('lets the read-only pages through with their parameters, re-encoded from their decoded values', () => {
    expect(allowedAdminPath('/server_info')).toBe('/server_info');
    expect(allowedAdminPath('/ready')).toBe('/ready');
    expect(allowedAdminPath('/certs')).toBe('/certs');
    expect(allowedAdminPath('/clusters?format=json')).toBe('/clusters?format=json');
    expect(allowedAdminPath('/config_dump?resource=dynamic_active_clusters&include_eds')).toBe(
      '/config_dump?resource=dynamic_active_clusters&include_eds',
    );
    expect(allowedAdminPath('/config_dump?mask=name,cluster.name')).toBe('/config_dump?mask=name%2Ccluster.name');
    expect(allowedAdminPath('/stats?filter=cluster%5C.outbound%7C80')).toBe('/stats?filter=cluster%5C.outbound%7C80');
  });

  it('says what was refused and what is allowed', () => {
    expect(() => allowedAdminPath('/quitquitquit')).toThrow(
      /does not forward "\/quitquitquit" to Envoy admin: \/quitquitquit is not a read-only page.*Only GET of \/config_dump, \/clusters, \/stats, \/certs, \/server_info, \/ready/,
    );
  });
});

describe('the Envoy source', () => {
  it('never forwards a refused path, whichever method of the source is asked', async () => {
    const forwarded: string[] = [];
    const kubernetes = {
      proxyGet: async (target: { path: string; port: number }) => {
        forwarded.push(`${target.port}${target.path}`);
        return '{}';
      },
    } as unknown as KubernetesSource;
    const envoy = createEnvoySource(kubernetes, { timeoutMs: 1000 });
    const pod = { namespace: 'demo', pod: 'sa-webapp-1' };
    for (const path of REFUSED) await expect(envoy.adminText(pod, path)).rejects.toBeInstanceOf(RefusedError);
    await expect(envoy.configDump(pod, { resource: 'x&level=trace' })).rejects.toBeInstanceOf(RefusedError);
    await expect(envoy.stats(pod, { filter: 'a b' })).rejects.toBeInstanceOf(RefusedError);
    expect(forwarded).toEqual([]);
    await envoy.adminText(pod, '/server_info');
    expect(forwarded).toEqual(['15000/server_info']);
  });
});
