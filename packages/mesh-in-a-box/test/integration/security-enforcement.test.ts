// The article's security chapter applied with kubectl to a running mesh in a box, read back the way an operator reads
// a real mesh: Prometheus (istio_requests_total), the proxies' Envoy admin stats and their access logs. Its own mesh:
// the policies refuse traffic that the shared mesh's other suites measure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../../src/kubectl.js';
import { startMeshWithPrometheus, type MeshWithPrometheus } from '../../src/mesh-with-prometheus.js';
import { instantQuery } from '../../src/prometheus/real-prometheus.js';
import { FIXTURES } from '../helpers/fixtures.js';

const SECURITY = `${FIXTURES}/sentiment-analysis/istio/security`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let started: MeshWithPrometheus;
let kubeconfig: string;
let promUrl: string;

beforeAll(async () => {
  started = await startMeshWithPrometheus({
    args: ['--scenario', 'sentiment-analysis', '--traffic-scale', '20', '--tick-ms', '250', '--seed', '11'],
  });
  kubeconfig = started.mesh.kubeconfig;
  promUrl = started.prometheus.url;
}, 120_000);
afterAll(async () => started?.stop());

/** Polls a PromQL query until `accept` holds for its samples (or fails with the last answer). */
async function until(query: string, accept: (values: { metric: Record<string, string>; value: number }[]) => boolean) {
  let last: { metric: Record<string, string>; value: number }[] = [];
  for (let i = 0; i < 60; i++) {
    last = (await instantQuery(promUrl, query)).map((s) => ({ metric: s.metric, value: Number(s.value[1]) }));
    if (accept(last)) return last;
    await sleep(500);
  }
  throw new Error(`${query} never gave the expected answer; last: ${JSON.stringify(last)}`);
}

/** The sa-webapp pod once the rollout is done: running with the new annotation, none of the old pods left. */
async function rolledPod(): Promise<string> {
  for (let i = 0; i < 120; i++) {
    const pods = JSON.parse(
      await kubectl(kubeconfig, ['get', 'pods', '-n', 'demo', '-l', 'app=sa-webapp', '-o', 'json']),
    ) as {
      items: { metadata: { name: string; annotations?: Record<string, string> }; status?: { phase?: string } }[];
    };
    const annotated = (p: (typeof pods.items)[number]) =>
      p.metadata.annotations?.['sidecar.istio.io/statsInclusionPrefixes'] === 'listener';
    if (pods.items.length > 0 && pods.items.every(annotated) && pods.items.every((p) => p.status?.phase === 'Running'))
      return pods.items[0]!.metadata.name;
    await sleep(500);
  }
  throw new Error('sa-webapp never rolled to pods with the stats annotation');
}

async function podOf(namespace: string, selector: string): Promise<string> {
  const pods = JSON.parse(
    await kubectl(kubeconfig, ['get', 'pods', '-n', namespace, '-l', selector, '-o', 'json']),
  ) as {
    items: { metadata: { name: string; deletionTimestamp?: string } }[];
  };
  return pods.items.find((p) => !p.metadata.deletionTimestamp)!.metadata.name;
}

const envoyStats = async (namespace: string, pod: string, filter: string) =>
  kubectl(kubeconfig, [
    'get',
    '--raw',
    `/api/v1/namespaces/${namespace}/pods/${pod}:15000/proxy/stats?filter=${filter}`,
  ]);

const statValue = (text: string, name: string) =>
  Number(new RegExp(`^${name.replaceAll('.', '\\.')}: (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);

describe("the article's security steps on a running mesh", () => {
  it('STRICT mTLS: legacy-reports stops reaching sa-webapp, which counts and logs the refused plaintext connections', async () => {
    // An operator who wants the listener's stats asks for them (Istio keeps only a few Envoy stats by default); the
    // Deployment rolls its pods to get them.
    await kubectl(kubeconfig, [
      'patch',
      'deployment',
      'sa-webapp',
      '-n',
      'demo',
      '--type',
      'merge',
      '-p',
      '{"spec":{"template":{"metadata":{"annotations":{"sidecar.istio.io/statsInclusionPrefixes":"listener"}}}}}',
    ]);
    const pod = await rolledPod();
    const legacy =
      `istio_requests_total{reporter="destination",source_workload="unknown",` +
      `destination_workload="sa-webapp",pod="${pod}"}`;
    await until(`sum(${legacy})`, (v) => (v[0]?.value ?? 0) > 0);

    await kubectl(kubeconfig, ['apply', '-f', `${SECURITY}/peer-authentication.yaml`]);
    // Once the policy reaches the traffic (a tick) and a scrape has passed, the server side's count stops moving.
    await sleep(3_000);
    const [before] = await instantQuery(promUrl, `sum(${legacy})`);
    await sleep(4_000);
    const [after] = await instantQuery(promUrl, `sum(${legacy})`);
    expect(Number(after!.value[1])).toBe(Number(before!.value[1]));

    const stats = await envoyStats('demo', pod, 'listener.0.0.0.0_15006');
    expect(statValue(stats, 'listener.0.0.0.0_15006.no_filter_chain_match')).toBeGreaterThan(0);
    expect(statValue(stats, 'listener.0.0.0.0_15006.downstream_cx_total')).toBeGreaterThan(0);
    const log = await kubectl(kubeconfig, ['logs', '-n', 'demo', pod, '-c', 'istio-proxy', '--tail=2000']);
    expect(log).toMatch(/"- - -" 0 NR filter_chain_not_found /);
  }, 120_000);

  it("AuthorizationPolicy: the gateway's 403s appear in Prometheus from the gateway, destination unknown, no flag", async () => {
    for (const file of ['request-authentication.yaml', 'allow-view.yaml', 'allow-analysis.yaml', 'allow-feedback.yaml'])
      await kubectl(kubeconfig, ['apply', '-f', `${SECURITY}/${file}`]);
    // The browsers carry no token: /sentiment and /feedback are refused, the page and its assets are not.
    const denied = await until(
      'sum by (reporter, source_workload, destination_workload, destination_service_name, response_flags) ' +
        '(istio_requests_total{response_code="403"})',
      (v) => v.some((s) => s.metric['destination_service_name'] === 'sa-webapp'),
    );
    expect(denied.every((s) => s.metric['reporter'] === 'source')).toBe(true);
    expect(denied.every((s) => s.metric['source_workload'] === 'istio-ingressgateway')).toBe(true);
    expect(denied.every((s) => s.metric['destination_workload'] === 'unknown')).toBe(true);
    expect(denied.every((s) => s.metric['response_flags'] === '-')).toBe(true);
    const gateway = await podOf('istio-system', 'app=istio-ingressgateway');
    const stats = await envoyStats('istio-system', gateway, 'rbac');
    expect(statValue(stats, 'http.outbound_0.0.0.0_8080.rbac.denied')).toBeGreaterThan(0);
    const log = await kubectl(kubeconfig, ['logs', '-n', 'istio-system', gateway, '-c', 'istio-proxy', '--tail=500']);
    expect(log).toMatch(/"POST \/sentiment HTTP\/1\.1" 403 - rbac_access_denied_matched_policy\[none\] /);
  }, 120_000);
});
