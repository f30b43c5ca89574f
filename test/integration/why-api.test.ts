// "Why is this slow / failing?" against the shared mesh: a fault injected on sa-logic v1 through the simulator's
// faults API (packages/mesh-in-a-box/README.md, "The truth and faults APIs") and the article's 90/10 canary applied
// with kubectl; the summary of the minute after both names sa-logic v1's edge first with its 500s (the app's own
// answer: Envoy sets no response flag on it), the canary's VirtualService change as a config change just before the
// range, and, with Jaeger gone, still answers with the part it could not give named.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EntityResource } from '../../lib/api/entity-ref.js';
import { whyResponse, type WhyResponse } from '../../lib/api/why.js';
import { FIXTURES, kubectl } from '../helpers/kubectl.js';
import { applyAndReadTruth } from '../helpers/canary-truth.js';

const mesh = inject('mesh');
const faults = () => `${new URL(mesh.endpoints['truth']!).origin}/faults`;
let GET: (req: Request, resource: EntityResource, name: string) => Promise<Response>;
let at = 0;

function setFault(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${faults()}/workload`, { method: 'POST', body: JSON.stringify(body) });
}

beforeAll(async () => {
  process.env['KUBECONFIG'] = mesh.kubeconfig;
  process.env['PROMETHEUS_URL'] = mesh.endpoints['prometheus']!;
  process.env['JAEGER_URL'] = mesh.endpoints['jaeger']!;
  const routes = {
    apps: await import('../../app/api/namespaces/[ns]/apps/[name]/why/route.js'),
    workloads: await import('../../app/api/namespaces/[ns]/workloads/[name]/why/route.js'),
    services: await import('../../app/api/namespaces/[ns]/services/[name]/why/route.js'),
  };
  GET = (req, resource, name) => routes[resource].GET(req, { params: Promise.resolve({ ns: 'demo', name }) });
  // The console's sources start (and its change log attaches) on the first request, before the changes are made.
  await GET(new Request('http://sextant/x?start=1000000&end=2000000'), 'services', 'sa-logic');
  // From the article's first routing to its canary: the canary is then a change of spec whatever the mesh held.
  await kubectl(mesh.kubeconfig, [
    '-n',
    'demo',
    'apply',
    '-f',
    `${FIXTURES}/sentiment-analysis/istio/sa-logic-vs.yaml`,
  ]);
  expect((await setFault({ namespace: 'demo', workload: 'sa-logic', errorRatio: 0.5 })).status).toBe(200);
  // Applies the canary and waits until a minute of traffic after it was scraped.
  ({ at } = await applyAndReadTruth(mesh));
}, 150_000);

afterAll(async () => {
  await setFault({ namespace: 'demo', workload: 'sa-logic', errorRatio: 0, delayMs: 0 });
});

async function why(resource: EntityResource, name: string, search: string): Promise<WhyResponse> {
  const res = await GET(new Request(`http://sextant/x?${search}`), resource, name);
  expect(res.status, await res.clone().text()).toBe(200);
  return whyResponse.parse(await res.json());
}

const lastMinute = () => `start=${(at - 50) * 1e6}&end=${at * 1e6}`;

describe('the why summary of sa-logic', () => {
  it('names the fault on sa-logic v1 as the top failing edge, with its code and flag', async () => {
    const { findings } = await why('services', 'sa-logic', lastMinute());
    const top = findings[0]!;
    expect(top.kind).toBe('failing-edge');
    expect(top.title).toMatch(/^service sa-logic → sa-logic v1: \d+(\.\d)?% of requests fail \(500\)$/);
    // The application answered 500 itself: no Envoy flag, and the summary says so.
    expect(top.detail).toContain('500 (no flag: the application answered it)');
    expect(top.links.map((l) => l.href)).toContain('/namespaces/demo/applications/sa-logic');
    // The canary's v2 fails too (FAIL_RANDOMLY), less: it comes later.
    const failing = findings.filter((f) => f.kind === 'failing-edge').map((f) => f.title);
    expect(failing.findIndex((t) => t.includes('→ sa-logic v2'))).toBeGreaterThan(0);
  });

  it("splits an app's edges by version: sa-logic's summary names the caller's edge to v1 first", async () => {
    const { findings } = await why('apps', 'sa-logic', lastMinute());
    expect(findings[0]!.title).toMatch(/^sa-webapp v1 → sa-logic v1: \d+(\.\d)?% of requests fail \(500\)$/);
    expect(findings[0]!.links[0]!.href).toMatch(
      /^\/graph\?namespaces=demo&graphType=versionedApp&injectServiceNodes=false&select=/,
    );
  });

  it("gives the canary's VirtualService change as a config change in or just before the range", async () => {
    const { findings } = await why('services', 'sa-logic', lastMinute());
    const change = findings.find(
      (f) => f.kind === 'config-change' && f.title.startsWith('VirtualService demo/sa-logic'),
    );
    expect(change?.title).toMatch(/spec (changed|applied) by kubectl/);
    expect(change?.detail).toMatch(/(before|into) the range/);
    expect(change?.links[0]!.href).toBe('/namespaces/demo/istio/VirtualService/sa-logic');
  });

  it("names where the traces' time went, from Jaeger's traces of the range", async () => {
    const { findings } = await why('apps', 'sa-webapp', lastMinute());
    const slow = findings.find((f) => f.kind === 'slow-downstream');
    expect(slow?.title).toMatch(/^Most of the traces' time is in /);
    expect(slow?.detail).toMatch(/^Over \d+ traces? of the range/);
  });

  it('compares with the same range an hour before, when the mesh had no traffic yet', async () => {
    const { findings } = await why('services', 'sa-logic', `${lastMinute()}&compare=1h`);
    const compare = findings.find((f) => f.kind === 'compare');
    expect(compare?.title).toMatch(/^Since 1h before: error ratio \d/);
    expect(compare?.detail).toContain('sa-logic v1');
  });

  it('answers without the critical paths when Jaeger is down, and says so', async () => {
    await fetch(`${faults()}/jaeger`, { method: 'POST', body: JSON.stringify({ down: true }) });
    try {
      const { findings } = await why('services', 'sa-logic', lastMinute());
      expect(findings[0]!.kind).toBe('failing-edge');
      expect(findings.find((f) => f.kind === 'missing')?.title).toBe("Without the traces' critical paths (Jaeger)");
    } finally {
      await fetch(`${faults()}/jaeger`, { method: 'POST', body: JSON.stringify({ down: false }) });
    }
  });

  it('refuses a range that ends before it starts, naming the field', async () => {
    const res = await GET(new Request('http://sextant/x?start=2000000&end=1000000'), 'services', 'sa-logic');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/end must be after start/);
  });

  it('answers 404 for a service that does not exist', async () => {
    const res = await GET(new Request(`http://sextant/x?${lastMinute()}`), 'services', 'no-such-service');
    expect(res.status).toBe(404);
  });
});
