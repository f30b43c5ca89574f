// The article's canary, end to end: kubectl applies sa-logic v2 and the 90/10 VirtualService to the mesh in a box,
// a real Prometheus scrapes it, and what Prometheus measures must match the split and the ground truth.
import { describe, expect, inject, it } from 'vitest';
import { FIXTURES } from '../helpers/fixtures.js';
import { kubectl } from '../../src/kubectl.js';
import { instantQuery } from '../../src/prometheus/real-prometheus.js';
import type { TruthEdge } from '../../src/telemetry/ground-truth.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the 90/10 canary measured by a real Prometheus', () => {
  const mesh = inject('mesh');
  const prometheus = inject('prometheus');

  it('splits sa-logic traffic 90/10 and shows v2 failing as often as it really does', async () => {
    // Before the canary, only v1 serves sa-logic (wait for the first scrapes that show it). The graph suite applies
    // the same canary; when it ran first, there is no "before" left to see.
    const already = JSON.parse(
      await kubectl(mesh.kubeconfig, [
        'get',
        'deployments',
        '-n',
        'demo',
        '-l',
        'app=sa-logic,version=v2',
        '-o',
        'json',
      ]),
    ) as { items: unknown[] };
    if (already.items.length === 0) {
      let before: string[] = [];
      for (let i = 0; i < 40 && before.length === 0; i++) {
        const series = await instantQuery(
          prometheus.url,
          'count by (destination_version) (istio_requests_total{reporter="destination",destination_service_name="sa-logic"})',
        );
        before = series.map((s) => s.metric['destination_version']!);
        if (before.length === 0) await sleep(500);
      }
      expect(before).toEqual(['v1']);
    }

    await kubectl(mesh.kubeconfig, ['apply', '-f', `${FIXTURES}/sentiment-analysis/kube/canary/sa-logic-v2.yaml`]);
    await kubectl(mesh.kubeconfig, ['apply', '-f', `${FIXTURES}/sentiment-analysis/istio/sa-logic-vs-canary.yaml`]);
    const appliedAt = Date.now() / 1000;
    const pods = await kubectl(mesh.kubeconfig, ['get', 'pods', '-l', 'app=sa-logic,version=v2', '-o', 'json']);
    expect(JSON.parse(pods).items).toHaveLength(1);

    // 60 s of data that starts after the change has reached the traffic (it does within a tick) and been scraped.
    await sleep(68_000);
    const at = Math.floor(Date.now() / 1000) - 2;
    expect(at - 60).toBeGreaterThan(appliedAt + 5);

    const split = await instantQuery(
      prometheus.url,
      'sum by (destination_version) (rate(istio_requests_total{reporter="destination",destination_service_name="sa-logic"}[60s]))',
      { time: at },
    );
    const rate = Object.fromEntries(split.map((s) => [s.metric['destination_version'], Number(s.value[1])]));
    const total = (rate['v1'] ?? 0) + (rate['v2'] ?? 0);
    expect(total).toBeGreaterThan(2);
    expect(Math.abs((100 * rate['v2']!) / total - 10)).toBeLessThan(5);
    expect(Math.abs((100 * rate['v1']!) / total - 90)).toBeLessThan(5);

    const [errors] = await instantQuery(
      prometheus.url,
      'sum(rate(istio_requests_total{reporter="destination",destination_service_name="sa-logic",destination_version="v2",response_code=~"5.."}[60s])) / sum(rate(istio_requests_total{reporter="destination",destination_service_name="sa-logic",destination_version="v2"}[60s]))',
      { time: at },
    );
    const measured = Number(errors!.value[1]);
    const truth = (await fetch(`${mesh.endpoints['truth']}/edges?window=60s&end=${at}`).then((r) => r.json())) as {
      edges: TruthEdge[];
    };
    const v2 = truth.edges.filter((e) => e.destination?.app === 'sa-logic' && e.destination.version === 'v2');
    const requests = v2.reduce((a, e) => a + e.requests, 0);
    const failed = v2.reduce((a, e) => a + e.errors, 0);
    expect(requests).toBeGreaterThan(20);
    expect(failed / requests).toBeGreaterThan(0.4); // FAIL_RANDOMLY: about two thirds fail
    expect(Math.abs(measured - failed / requests) * 100).toBeLessThan(2);
  });
});
