// The admin passthrough route refuses another port, a path off the allow-list and any method but GET before it
// looks anything up: these requests are answered without a cluster (the sources are never built).
import { describe, expect, it } from 'vitest';
import * as adminRoute from '../../../../app/api/namespaces/[ns]/pods/[pod]/envoy/admin/route.js';
import * as sectionRoute from '../../../../app/api/namespaces/[ns]/pods/[pod]/envoy/[section]/route.js';

const context = (params: Record<string, string>) => ({ params: Promise.resolve(params) });
const admin = (query: string, method = 'GET') =>
  (adminRoute as unknown as Record<string, typeof adminRoute.GET>)[method]!(
    new Request(`http://sextant.test/api/namespaces/demo/pods/sa-webapp-1/envoy/admin?${query}`, { method }),
    context({ ns: 'demo', pod: 'sa-webapp-1' }),
  );

describe('the Envoy admin route', () => {
  it.each([
    ['path=/quitquitquit', 'envoy_path_refused'],
    ['path=' + encodeURIComponent('/logging?level=trace'), 'envoy_path_refused'],
    ['path=' + encodeURIComponent('/stats/../quitquitquit'), 'envoy_path_refused'],
    ['path=' + encodeURIComponent('/stats/%2e%2e/quitquitquit'), 'envoy_path_refused'],
    ['path=/stats&port=15020', 'envoy_port_refused'],
    ['path=/stats&port=15000%2F..%2F', 'envoy_port_refused'],
  ])('answers %s with 403 %s', async (query, code) => {
    const res = await admin(query);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code } });
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('answers %s with 405 and Allow: GET', async (method) => {
    const res = await admin('path=/quitquitquit', method);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });

  it('names the parameter when the path is missing', async () => {
    const res = await admin('');
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/path/);
  });

  it('refuses a section the Envoy tab does not have, naming the choices', async () => {
    const res = await sectionRoute.GET(
      new Request('http://sextant.test/api/namespaces/demo/pods/p/envoy/logging'),
      context({ ns: 'demo', pod: 'p', section: 'logging' }),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/clusters.*listeners.*routes.*bootstrap.*secrets/);
  });
});
