// The traffic write path's integration tests: the route handlers called as Next.js calls them, with the console's
// CSRF header and JSON, and the article's sa-logic routing (100 % v1, DestinationRule with v1 and v2) put back at the
// end of each test, since other suites share the mesh.
import { expect } from 'vitest';
import { CSRF_HEADER } from '../../lib/api/csrf.js';
import { FIXTURES, kubectl } from './kubectl.js';

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
export interface TrafficRoutes {
  change: Handler;
  rollback: Handler;
  history: Handler;
  routing: Handler;
}

/** The route modules, imported after KUBECONFIG is set (getSources reads it on first use). */
export async function importTrafficRoutes(kubeconfig: string): Promise<TrafficRoutes> {
  process.env['KUBECONFIG'] = kubeconfig;
  return {
    change: (await import('../../app/api/namespaces/[ns]/services/[name]/traffic/route.js')).POST as Handler,
    rollback: (await import('../../app/api/namespaces/[ns]/services/[name]/traffic/rollback/route.js')).POST as Handler,
    history: (await import('../../app/api/namespaces/[ns]/services/[name]/traffic/history/route.js')).GET as Handler,
    routing: (await import('../../app/api/namespaces/[ns]/services/[name]/traffic/routing/route.js')).GET as Handler,
  };
}

export async function call(
  handler: Handler,
  body: unknown,
  options: { headers?: Record<string, string>; service?: string; ns?: string; method?: string; path?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const { service = 'sa-logic', ns = 'demo', method = 'POST', path = 'traffic' } = options;
  const res = await handler(
    new Request(`http://console/api/namespaces/${ns}/services/${service}/${path}`, {
      method,
      headers:
        method === 'GET'
          ? { ...options.headers }
          : { 'content-type': 'application/json', [CSRF_HEADER]: '1', ...options.headers },
      body: method === 'GET' ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    }),
    { params: Promise.resolve({ ns, name: service }) },
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export const SA = `${FIXTURES}/sentiment-analysis`;

export async function getJson(kubeconfig: string, kind: string, name = 'sa-logic', ns = 'demo') {
  return JSON.parse(await kubectl(kubeconfig, ['-n', ns, 'get', kind, name, '-o', 'json'])) as {
    metadata: { resourceVersion: string; labels?: Record<string, string>; annotations?: Record<string, string> };
    spec: Record<string, unknown>;
  };
}

/** The article's state: v2 deployed, sa-logic all to v1, its DestinationRule with v1 and v2. */
export async function articleState(kubeconfig: string): Promise<void> {
  await kubectl(kubeconfig, ['apply', '-f', `${SA}/kube/canary/sa-logic-v2.yaml`]);
  await kubectl(kubeconfig, ['apply', '-f', `${SA}/istio/sa-logic-dr.yaml`, '-f', `${SA}/istio/sa-logic-vs.yaml`]);
}

/** Plans (dryRun) and expects a plan; answers the body. `headers` carry a person's session cookie. */
export async function plan(
  routes: TrafficRoutes,
  change: Record<string, unknown>,
  { headers }: { headers?: Record<string, string> } = {},
) {
  const answer = await call(routes.change, { ...change, dryRun: true }, headers ? { headers } : {});
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as { plan: { resourceVersion: string; objects: { kind: string; action: string }[] } } & Record<
    string,
    unknown
  >;
}

/** The mesh's faults API (POST /faults/kubernetes …, DELETE /faults). */
export async function fault(endpoints: Record<string, string>, path: string, body?: unknown): Promise<void> {
  const origin = new URL(endpoints['metrics']!).origin;
  const res = await fetch(`${origin}${path}`, {
    method: body === undefined ? 'DELETE' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, await res.text()).toBeLessThan(300);
}
