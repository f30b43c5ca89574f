// Per-edge network time (kiali#2887) against the shared mesh's Jaeger: the edges sa-webapp → service sa-logic and
// service sa-logic → sa-logic v1 of the versioned-app graph, as the graph's side panel asks for them, read from the
// traces of the last minutes; an edge traces cannot name and a bad edge id are answered in words.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { networkTimeResponse, type NetworkTimeResponse } from '../../lib/api/network-time.js';

const mesh = inject('mesh');
let GET: (req: Request) => Promise<Response>;

beforeAll(async () => {
  process.env['KUBECONFIG'] = mesh.kubeconfig;
  process.env['JAEGER_URL'] = mesh.endpoints['jaeger']!;
  const route = await import('../../app/api/graph/network-time/route.js');
  GET = (req) => route.GET(req, { params: Promise.resolve({}) });
});

async function networkTime(edge: string): Promise<NetworkTimeResponse> {
  const res = await GET(
    new Request(`http://sextant/api/graph/network-time?edge=${encodeURIComponent(edge)}&duration=5m`),
  );
  expect(res.status, await res.clone().text()).toBe(200);
  return networkTimeResponse.parse(await res.json());
}

describe('network time of a graph edge from traces', () => {
  it.each([
    'vapp:demo:sa-webapp:v1>svc:demo:sa-logic>http',
    'svc:demo:sa-logic>vapp:demo:sa-logic:v1>http',
    // The workload graph: the caller's Jaeger service is found through its pods' labels.
    'wl:demo:sa-webapp>wl:demo:sa-logic>http',
  ])('gives %s a median and p95 from the traces that took it', async (edge) => {
    const answer = await networkTime(edge);
    expect(answer.samples).toBeGreaterThan(0);
    expect(answer.traces).toBeGreaterThan(0);
    expect(answer.traces).toBeLessThanOrEqual(answer.tracesRead);
    expect(answer.medianMs).toBeGreaterThanOrEqual(0);
    expect(answer.p95Ms).toBeGreaterThanOrEqual(answer.medianMs!);
  });

  it('says why there is no figure for callers outside the mesh', async () => {
    const answer = await networkTime('unknown>vapp:demo:sa-frontend:v1>http');
    expect(answer.medianMs).toBeNull();
    expect(answer.note).toMatch(/traces do not name one end/);
  });

  it('refuses an edge id that is not one, naming the parameter', async () => {
    const res = await GET(new Request('http://sextant/api/graph/network-time?edge=sa-logic'));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /an edge id as \/api\/graph gives it[\s\S]*at edge/,
    );
  });
});
