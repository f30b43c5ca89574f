// The Envoy tab's loader when the proxy does not answer: the route answers 504 envoy_timeout with the reason (the
// tab greys with it and a retry), and the failure is not kept, so the retry asks the proxy again.
import { describe, expect, it } from 'vitest';
import { EnvoyError } from '../../../../server/errors.js';
import { errorResponse } from '../../../../server/http.js';
import { loadEnvoySection } from '../../../../server/envoy/io/load-envoy.js';
import type { Sources } from '../../../../server/sources/sources.js';

const pod = {
  metadata: { name: 'sa-webapp-1', namespace: 'demo' },
  spec: { containers: [{ name: 'sa-webapp' }, { name: 'istio-proxy' }] },
};
const dump = {
  configs: [
    {
      '@type': 'type.googleapis.com/envoy.admin.v3.BootstrapConfigDump',
      bootstrap: { node: { id: 'sidecar~10.0.0.1~sa-webapp-1.demo~demo.svc.cluster.local' } },
    },
  ],
};
const query = { filter: '', order: 'asc' as const, offset: 0, limit: 10 };

describe('the Envoy loader when the proxy does not answer', () => {
  it('answers 504 envoy_timeout saying what did not answer, then asks again on the retry', async () => {
    let calls = 0;
    const sources = {
      kubernetes: { get: () => pod },
      envoy: {
        configDump: async () => {
          calls++;
          if (calls === 1)
            throw new EnvoyError('timeout', 'Envoy admin of demo/sa-webapp-1 did not answer /config_dump in 5 s');
          return dump;
        },
      },
    } as unknown as Sources;
    const target = { namespace: 'demo', pod: 'sa-webapp-timeout', section: 'bootstrap' as const };
    const failed = await loadEnvoySection(sources, target, query).catch((err: unknown) => errorResponse(err));
    expect(failed).toBeInstanceOf(Response);
    expect((failed as Response).status).toBe(504);
    expect(await (failed as Response).json()).toEqual({
      error: { code: 'envoy_timeout', message: 'Envoy admin of demo/sa-webapp-1 did not answer /config_dump in 5 s' },
    });
    const retried = await loadEnvoySection(sources, target, query);
    expect(retried.rows[0]).toEqual({
      key: 'node.id',
      value: 'sidecar~10.0.0.1~sa-webapp-1.demo~demo.svc.cluster.local',
    });
    expect(calls).toBe(2);
  });
});
