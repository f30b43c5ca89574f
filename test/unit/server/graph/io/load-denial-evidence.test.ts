import { describe, expect, it } from 'vitest';
import { denialKey } from '../../../../../server/graph/denial-evidence.js';
import { loadDenialEvidence } from '../../../../../server/graph/io/load-denial-evidence.js';
import type { WorkloadModel } from '../../../../../server/mesh/build-workloads.js';
import type { PodLogTarget } from '../../../../../server/sources/kubernetes.js';
import type { Sources } from '../../../../../server/sources/sources.js';
import { sample } from '../graph-samples.js';

const webapp = { ns: 'demo', workload: 'sa-webapp' };
const logic = { ns: 'demo', workload: 'sa-logic' };
const workloads = new Map([
  ['demo', [{ name: 'sa-logic', pods: [{ name: 'sa-logic-0' }, { name: 'sa-logic-1' }] } as unknown as WorkloadModel]],
]);
const END = Date.parse('2026-12-06T17:01:00Z');
const window = { startMs: END - 60_000, endMs: END };

// Istio's default TEXT format, with the kubelet's timestamp first (timestamps=true).
const line = (at: string, code: number, details: string) =>
  `${at} [${at}] "POST /analyse/sentiment HTTP/1.1" ${code} - ${details} - "-" 10 19 1 - "-" "python" "id" ` +
  `"sa-logic" "-" inbound|5000|| - 10.0.0.2:5000 10.0.0.1:4000 - default`;

/** A Kubernetes source whose pod logs answer `logs` by pod name (an Error to throw), recording what was asked. */
function withLogs(logs: Record<string, string | Error>) {
  const asked: PodLogTarget[] = [];
  const kubernetes = {
    // The console's own source: what it reads with its own rights (the mesh's access-log format) comes from here too.
    get shared() {
      return kubernetes;
    },
    getJson: async () => null,
    podLog: async (target: PodLogTarget) => {
      asked.push(target);
      const log = logs[target.pod];
      if (log instanceof Error) throw log;
      return log ?? '';
    },
  };
  return { sources: { kubernetes, config: { istioNamespace: 'istio-system' } } as unknown as Sources, asked };
}

const refused = [sample({ reporter: 'destination', from: webapp, to: logic, code: '403', rps: 1 })];
const key = denialKey({ namespace: 'demo', workload: 'sa-logic', host: null });
const deny = 'rbac_access_denied_matched_policy[ns[demo]-policy[deny]-rule[0]]';

describe("reading the refusing proxies' logs", () => {
  it('reads nothing when no 401 or 403 came back', async () => {
    const { sources, asked } = withLogs({});
    const ok = [sample({ reporter: 'destination', from: webapp, to: logic, rps: 5 })];
    expect((await loadDenialEvidence(sources, ok, workloads, window)).size).toBe(0);
    expect(asked).toEqual([]);
  });

  it("reads the refusing workload's istio-proxy logs from the window's start, bounded, and only the window's lines", async () => {
    const { sources, asked } = withLogs({
      'sa-logic-0': [
        line('2026-12-06T17:00:10Z', 403, deny),
        line('2026-12-06T17:00:20Z', 403, 'via_upstream'),
        line('2026-12-06T17:01:30Z', 403, deny), // after the window's end
      ].join('\n'),
      'sa-logic-1': new Error('pod gone'),
    });
    const evidence = await loadDenialEvidence(sources, refused, workloads, { ...window, endMs: END + 1 });
    expect(asked.map((a) => [a.pod, a.container, a.sinceTime])).toEqual([
      ['sa-logic-0', 'istio-proxy', '2026-12-06T17:00:00Z'],
      ['sa-logic-1', 'istio-proxy', '2026-12-06T17:00:00Z'],
    ]);
    for (const a of asked) expect(a.limitBytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    const found = evidence.get(key)!;
    expect(found.lines).toEqual({ '403': 2 });
    expect([...found.causes['403']!.values()].map((c) => c.count)).toEqual([1]);
  });

  it('confirms nothing for a proxy none of whose logs could be read', async () => {
    const { sources } = withLogs({ 'sa-logic-0': new Error('forbidden'), 'sa-logic-1': new Error('forbidden') });
    const evidence = await loadDenialEvidence(sources, refused, workloads, { ...window, endMs: END + 2 });
    expect(evidence.has(key)).toBe(false);
  });
});
