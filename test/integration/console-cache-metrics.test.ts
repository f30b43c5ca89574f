// /metrics read in-process under the token strategy: a scrape creates nothing, and each person who logs in and reads
// a page adds one set of rights and one view to the caches it counts.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_ADMIN_TOKEN } from '@sextant/mesh-in-a-box';
import {
  demoViewer,
  forgetTokenStrategy,
  getAs,
  importLoginRoute,
  logIn,
  useTokenStrategy,
  type Handler,
} from '../helpers/token-login.js';

const mesh = inject('mesh');
const slot = globalThis as { __sextantStarting?: unknown };
let login: Handler;
let workloads: Handler;
let viewerToken: string;
let viewer: Awaited<ReturnType<typeof demoViewer>> | undefined;

beforeAll(async () => {
  useTokenStrategy(mesh.kubeconfig);
  login = await importLoginRoute();
  workloads = (await import('../../app/api/namespaces/[ns]/workloads/route.js')).GET as Handler;
  viewer = await demoViewer(mesh.kubeconfig, 'metrics-viewer');
  viewerToken = viewer.token;
});

afterAll(async () => {
  const { sourcesIfMade } = await import('../../server/sources/sources.js');
  await sourcesIfMade()?.stop();
  await viewer?.remove();
  forgetTokenStrategy();
});

async function scrape(): Promise<string> {
  const { GET } = await import('../../app/metrics/route.js');
  return (await GET()).text();
}

const entry = (text: string, cache: string) =>
  Number(new RegExp(`^sextant_cache_entries\\{cache="${cache}"\\} (\\S+)$`, 'm').exec(text)?.[1]);

describe('/metrics of a console people log in to', () => {
  it('reads every cache as empty before any request, and starts no Kubernetes cache to say so', async () => {
    const text = await scrape();
    expect(entry(text, 'rights_people')).toBe(0);
    expect(entry(text, 'person_views')).toBe(0);
    expect(entry(text, 'graph_topologies')).toBe(0);
    expect(text).not.toMatch(/^sextant_kube_cache_synced\{/m);
    expect(slot.__sextantStarting).toBeUndefined();
  });

  it("counts one person's rights and view per person who read a page", async () => {
    const viewer = await logIn(login, viewerToken);
    const admin = await logIn(login, DEFAULT_ADMIN_TOKEN);
    const path = '/api/namespaces/demo/workloads';
    expect((await getAs(workloads, path, { cookie: viewer, params: { ns: 'demo' } })).status).toBe(200);
    let text = await scrape();
    expect(entry(text, 'rights_people')).toBe(1);
    expect(entry(text, 'person_views')).toBe(1);

    expect((await getAs(workloads, path, { cookie: admin, params: { ns: 'demo' } })).status).toBe(200);
    expect((await getAs(workloads, path, { cookie: viewer, params: { ns: 'demo' } })).status).toBe(200);
    text = await scrape();
    expect(entry(text, 'rights_people')).toBe(2);
    expect(entry(text, 'person_views')).toBe(2);
    expect(text).toMatch(/^sextant_kube_cache_synced\{cluster="[^"]+",resource="pods"\} 1$/m);
  });
});
