// The pod page's API and the Istio config that applies, against the shared mesh in a box: what the console says of a
// pod equals what kubectl says of it (the same API, read by kubectl's own printer), its events are those `kubectl
// describe` finds, and after the article's canary and security fixtures sa-logic's config lists what Istio applies.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appDetailResponse } from '../../lib/api/apps.js';
import { podDetailResponse } from '../../lib/api/pods.js';
import { loadConfig } from '../../server/config.js';
import { NotFoundError } from '../../server/errors.js';
import { loadApp, loadWorkload } from '../../server/mesh/io/load-lists.js';
import { loadPod } from '../../server/pods/io/load-pod.js';
import { createSources, type Sources } from '../../server/sources/sources.js';
import { FIXTURES, kubectl } from '../helpers/kubectl.js';

const mesh = inject('mesh');
let sources: Sources;
const SECURITY = `${FIXTURES}/sentiment-analysis/istio/security`;

async function until<T>(read: () => T, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

let canaryBefore = false;

beforeAll(async () => {
  sources = createSources(loadConfig({ KUBECONFIG: mesh.kubeconfig }));
  await sources.start();
  canaryBefore = sources.kubernetes.get('Deployment', 'demo', 'sa-logic-v2') !== undefined;
});
afterAll(async () => {
  // The canary stays only if another suite had applied it already (graph-accuracy leaves it for those after it).
  if (!canaryBefore) {
    await kubectl(mesh.kubeconfig, [
      'delete',
      '--ignore-not-found',
      '-f',
      `${FIXTURES}/sentiment-analysis/kube/canary/sa-logic-v2.yaml`,
    ]).catch(() => {});
    await kubectl(mesh.kubeconfig, ['apply', '-f', `${FIXTURES}/sentiment-analysis/istio/sa-logic-vs.yaml`]).catch(
      () => {},
    );
  }
  // The security fixtures turn on STRICT mTLS and JWT checks at the gateway: the suites after this one expect neither.
  await kubectl(mesh.kubeconfig, ['delete', '-f', SECURITY, '--ignore-not-found']).catch(() => {});
  await sources?.stop();
});

const saLogicPod = () => sources.kubernetes.list('Pod', 'demo').find((p) => p.metadata.labels?.app === 'sa-logic')!;

describe('GET /api/namespaces/{ns}/pods/{pod}', () => {
  it("says of a demo pod what kubectl says: STATUS, READY, RESTARTS, node and IP, from kubectl's own columns", async () => {
    const name = saLogicPod().metadata.name;
    const pod = podDetailResponse.parse(await loadPod(sources, 'demo', name));
    // kubectl get pod -o wide: NAME READY STATUS RESTARTS AGE IP NODE NOMINATED-NODE READINESS-GATES
    const wide = (await kubectl(mesh.kubeconfig, ['-n', 'demo', 'get', 'pod', name, '-o', 'wide', '--no-headers']))
      .trim()
      .split(/\s+/);
    expect([wide[0], wide[1], wide[2], wide[3]]).toEqual([
      name,
      `${pod.readyContainers}/${pod.totalContainers}`,
      pod.status,
      String(pod.restarts),
    ]);
    expect([wide[5], wide[6]]).toEqual([pod.podIPs[0], pod.node]);
    const json = JSON.parse(await kubectl(mesh.kubeconfig, ['-n', 'demo', 'get', 'pod', name, '-o', 'json'])) as {
      spec: { nodeName: string; containers: { name: string; image: string }[] };
      status: { phase: string; podIP: string; hostIP: string; qosClass: string };
    };
    expect(pod).toMatchObject({
      phase: json.status.phase,
      node: json.spec.nodeName,
      hostIP: json.status.hostIP,
      qosClass: json.status.qosClass,
      status: 'Running',
      readyContainers: 2,
      totalContainers: 2,
      hasSidecar: true,
      proxyReady: true,
      workload: { kind: 'Deployment', name: 'sa-logic' },
    });
    expect(pod.podIPs[0]).toBe(json.status.podIP);
    expect(pod.containers.map((c) => c.name)).toEqual(json.spec.containers.map((c) => c.name));
    const proxyImage = json.spec.containers.find((c) => c.name === 'istio-proxy')!.image;
    expect(proxyImage.endsWith(`:${pod.proxyVersion}`)).toBe(true);
  });

  it('lists the events kubectl finds for the pod, Scheduled first', async () => {
    const name = saLogicPod().metadata.name;
    const pod = await loadPod(sources, 'demo', name);
    const listed = JSON.parse(
      await kubectl(mesh.kubeconfig, [
        '-n',
        'demo',
        'get',
        'events',
        '--field-selector',
        `involvedObject.name=${name}`,
        '-o',
        'json',
      ]),
    ) as { items: { reason: string }[] };
    expect(pod.eventsError).toBeNull();
    expect(pod.events.map((e) => e.reason).sort()).toEqual(listed.items.map((e) => e.reason).sort());
    expect(pod.events[0]).toMatchObject({ reason: 'Scheduled', from: 'default-scheduler' });
    expect(pod.events.map((e) => e.message)).toContain('Started container istio-proxy');
  });

  it('answers 404 through the route for a pod that does not exist, and for one deleted since it was listed', async () => {
    process.env['KUBECONFIG'] = mesh.kubeconfig;
    const route = await import('../../app/api/namespaces/[ns]/pods/[pod]/route.js');
    const get = (pod: string) =>
      route.GET(new Request(`http://sextant/api/namespaces/demo/pods/${pod}`), {
        params: Promise.resolve({ ns: 'demo', pod }),
      });
    const missing = await get('sa-logic-gone');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: {
        code: 'not_found',
        message: 'pod sa-logic-gone does not exist in namespace demo',
      },
    });
    await kubectl(mesh.kubeconfig, [
      'run',
      'short-lived',
      '-n',
      'demo',
      '--image',
      'busybox:1.36',
      '--restart',
      'Never',
    ]);
    await until(
      () => sources.kubernetes.get('Pod', 'demo', 'short-lived'),
      (p) => p !== undefined,
    );
    expect((await get('short-lived')).status).toBe(200);
    await kubectl(mesh.kubeconfig, ['delete', 'pod', 'short-lived', '-n', 'demo', '--wait=false']);
    let status = 200;
    for (let i = 0; i < 100 && status === 200; i++) {
      status = (await get('short-lived')).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(404);
  });

  it('answers a pod that does not exist with a NotFoundError naming it', async () => {
    await expect(loadPod(sources, 'demo', 'sa-logic-gone')).rejects.toThrow(
      new NotFoundError('pod sa-logic-gone does not exist in namespace demo'),
    );
  });
});

describe('the Istio config that applies', () => {
  it("lists sa-logic's canary VirtualService and DestinationRule and the mesh-wide PeerAuthentication, not the gateway's policies", async () => {
    await kubectl(mesh.kubeconfig, ['apply', '-f', `${FIXTURES}/sentiment-analysis/kube/canary/sa-logic-v2.yaml`]);
    await kubectl(mesh.kubeconfig, ['apply', '-f', `${FIXTURES}/sentiment-analysis/istio/sa-logic-vs-canary.yaml`]);
    await kubectl(mesh.kubeconfig, ['apply', '-f', SECURITY]);
    await until(
      () => sources.kubernetes.list('RequestAuthentication', 'istio-system'),
      (l) => l.length > 0,
    );
    const app = appDetailResponse.parse(await loadApp(sources, 'demo', 'sa-logic', { window: '1m' }));
    const refs = app.istioConfig.map((r) => `${r.kind} ${r.namespace}/${r.name}`);
    expect(refs).toEqual(
      expect.arrayContaining([
        'VirtualService demo/sa-logic',
        'DestinationRule demo/sa-logic',
        'PeerAuthentication istio-system/default',
      ]),
    );
    expect(refs.filter((r) => r.startsWith('AuthorizationPolicy') || r.startsWith('RequestAuthentication'))).toEqual(
      [],
    );
    // Both versions' pods are in the app after the canary.
    expect(app.workloadList.map((w) => w.name).sort()).toEqual(['sa-logic', 'sa-logic-v2']);
  });

  it("lists the gateway's AuthorizationPolicies and RequestAuthentication on the ingress gateway workload", async () => {
    const gateway = sources.kubernetes
      .list('Deployment', 'istio-system')
      .find((d) => d.metadata.name.includes('ingressgateway'))!;
    const detail = await loadWorkload(sources, 'istio-system', gateway.metadata.name, { window: '1m' });
    const refs = detail.istioConfig.map((r) => `${r.kind} ${r.namespace}/${r.name}`);
    expect(refs).toEqual(
      expect.arrayContaining([
        'AuthorizationPolicy istio-system/allow-analysis',
        'AuthorizationPolicy istio-system/allow-feedback-for-mods',
        'AuthorizationPolicy istio-system/allow-view',
        'RequestAuthentication istio-system/keycloak-request-authn',
        'PeerAuthentication istio-system/default',
      ]),
    );
  });
});
