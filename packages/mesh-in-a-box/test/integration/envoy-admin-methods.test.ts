// The Envoy admin of each proxy, reached through the API server's pods/proxy subresource, answers each HTTP method as
// a real API server and a real Envoy would:
// - the API server proxies GET, POST, PUT, PATCH, DELETE, HEAD and OPTIONS to the pod with the body and Content-Type
//   (kubernetes pkg/registry/core/pod/rest/subresources.go, proxyMethods); `kubectl get --raw` sends GET and
//   `kubectl create --raw -f` POST (kubectl's create command, --raw);
// - Envoy answers a state-changing admin path to anything but POST with 405 "Method GET not allowed, POST required."
//   and every other path to any method (envoyproxy/envoy source/server/admin/admin.cc, AdminImpl::makeRequest); a
//   parameter may come as a form body when the query has none (source/server/admin/admin_filter.cc, queryParams).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { kubectl } from '../../src/kubectl.js';

describe('the Envoy admin through pods/proxy, by HTTP method', () => {
  const mesh = inject('mesh');
  const kc = (...args: string[]) => kubectl(mesh.kubeconfig, args);
  const adminUrl = async (path: string) => {
    const pod = (await kc('get', 'pods', '-l', 'app=sa-webapp', '-o', 'name')).trim().split('\n')[0]!.slice(4);
    return `/api/v1/namespaces/demo/pods/${pod}:15000/proxy${path}`;
  };
  const call = async (method: string, path: string, init: { body?: string; contentType?: string } = {}) => {
    const res = await fetch(`${mesh.endpoints['kubernetes']}${await adminUrl(path)}`, {
      method,
      headers: {
        authorization: 'Bearer mesh-in-a-box',
        ...(init.contentType ? { 'content-type': init.contentType } : {}),
      },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    return { status: res.status, body: await res.text() };
  };

  it('accepts a POST from `kubectl create --raw` on a state-changing path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'envoy-admin-post-'));
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '{}');
    expect(await kc('create', '--raw', await adminUrl('/reset_counters'), '-f', empty)).toBe('OK\n');
  });

  it('answers 405 "Method … not allowed, POST required." to any other method on a state-changing path', async () => {
    for (const path of ['/logging', '/reset_counters', '/healthcheck/fail', '/quitquitquit', '/drain_listeners']) {
      for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
        expect(await call(method, path), `${method} ${path}`).toEqual({
          status: 405,
          body: `Method ${method} not allowed, POST required.`,
        });
      }
    }
    // kubectl reads a 405 without a Status body as its generic sentence for that code.
    const get = await kc('get', '--raw', await adminUrl('/quitquitquit')).catch((err: Error) => err.message);
    expect(get).toContain('Error from server (MethodNotAllowed)');
  });

  it('answers a read-only path to GET, POST and HEAD alike', async () => {
    const get = await call('GET', '/server_info');
    expect(get.status).toBe(200);
    expect(JSON.parse(get.body)).toMatchObject({ state: 'LIVE' });
    expect((await call('POST', '/server_info')).status).toBe(200);
    expect(await call('HEAD', '/server_info')).toEqual({ status: 200, body: '' });
  });

  it('reads the parameters of /runtime_modify from a form body, and answers 400 with the usage without any', async () => {
    const form = 'application/x-www-form-urlencoded';
    expect(await call('POST', '/runtime_modify', { body: 'upstream.use_http2=false', contentType: form })).toEqual({
      status: 200,
      body: 'OK\n',
    });
    const none = await call('POST', '/runtime_modify', { body: '', contentType: form });
    expect(none.status).toBe(400);
    expect(none.body).toMatch(/^usage: \/runtime_modify\?key1=value1&key2=value2&keyN=valueN\n/);
  });

  it('answers OPTIONS through the proxy instead of refusing the method at the API server', async () => {
    expect((await call('OPTIONS', '/ready')).status).toBe(200);
  });

  it('refuses the dial to port 15000 of a pod without an istio-proxy with 503, as the API server words it', async () => {
    // legacy never enabled injection: its pod runs no Envoy. The API server's proxy transport answers a refused dial
    // with 503 ServiceUnavailable "error trying to reach service: …" (apimachinery pkg/util/proxy/transport.go).
    const pod = (await kc('get', 'pods', '-n', 'legacy', '-o', 'name')).trim().split('\n')[0]!.slice(4);
    const res = await fetch(
      `${mesh.endpoints['kubernetes']}/api/v1/namespaces/legacy/pods/${pod}:15000/proxy/config_dump`,
      { headers: { authorization: 'Bearer mesh-in-a-box' } },
    );
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      kind: 'Status',
      reason: 'ServiceUnavailable',
      code: 503,
      message: expect.stringMatching(
        /^error trying to reach service: dial tcp [\d.]+:15000: connect: connection refused$/,
      ),
    });
  });
});
