// A drafted policy over fixed observed calls: the decision per call in Istio's order, with the policies already in
// force, and "unknown" (never a guess) where the draft asks about what the console did not observe.
import { describe, expect, it } from 'vitest';
import { readAuthzPolicy } from '../../../../server/security/authz-policy.js';
import type { EvaluableCall } from '../../../../server/security/evaluable-calls.js';
import { simulatePolicy } from '../../../../server/security/simulate-policy.js';
import type { KubeObject } from '../../../../server/sources/kubernetes.js';

const GATEWAY = 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account';
const dest = { workload: 'sa-webapp', namespace: 'demo' };
const calls: EvaluableCall[] = [
  {
    destination: dest,
    source: { workload: 'istio-ingressgateway', namespace: 'istio-system', principal: GATEWAY },
    mtls: true,
    operation: { method: 'POST', path: '/sentiment', port: 8080 },
    responseCode: '200',
    details: 'via_upstream',
    requests: 900,
  },
  {
    destination: dest,
    source: { workload: 'legacy-reports', namespace: 'legacy', principal: null },
    mtls: false,
    operation: { method: 'POST', path: '/sentiment', port: 8080 },
    responseCode: '200',
    details: 'via_upstream',
    requests: 60,
  },
  {
    destination: dest,
    source: { workload: 'sa-frontend', namespace: 'demo', principal: 'cluster.local/ns/demo/sa/default' },
    mtls: true,
    operation: { method: null, path: null, port: null },
    responseCode: '200',
    details: null,
    requests: 5,
  },
];
const draft = (spec: Record<string, unknown>, name = 'draft'): KubeObject => ({
  kind: 'AuthorizationPolicy',
  metadata: { name, namespace: 'demo' },
  spec: { selector: { matchLabels: { app: 'sa-webapp' } }, ...spec },
});
const webapp = (authz: ReturnType<typeof readAuthzPolicy>[] = []) => [{ ...dest, authz, jwtChecked: false }];
const decisions = (out: ReturnType<typeof simulatePolicy>) =>
  Object.fromEntries(out.map((c) => [c.source.workload, c.decision]));

describe('simulating a drafted policy', () => {
  it('says a policy allowing only the gateway principal would deny the other observed callers', () => {
    const out = simulatePolicy({
      draft: draft({ rules: [{ from: [{ source: { principals: [GATEWAY] } }] }] }),
      workloads: webapp(),
      calls,
    });
    expect(decisions(out)).toEqual({
      'istio-ingressgateway': 'allow',
      'legacy-reports': 'deny',
      'sa-frontend': 'deny',
    });
    expect(out[0]!.because).toMatch(/none of their rules matches/);
  });

  it('answers unknown for a call whose operation was not seen when the draft is on paths', () => {
    const out = simulatePolicy({
      draft: draft({ action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin*'] } }] }] }),
      workloads: webapp(),
      calls,
    });
    expect(decisions(out)).toEqual({
      'istio-ingressgateway': 'allow',
      'legacy-reports': 'allow',
      'sa-frontend': 'unknown',
    });
  });

  it('adds the draft to the policies in force, replacing the one of the same name as kubectl apply would', () => {
    const inForce = readAuthzPolicy(draft({ action: 'DENY', rules: [{}] }, 'lockdown'));
    const allowAll = draft({ rules: [{}] });
    expect(
      new Set(simulatePolicy({ draft: allowAll, workloads: webapp([inForce]), calls }).map((c) => c.decision)),
    ).toEqual(new Set(['deny']));
    expect(
      new Set(
        simulatePolicy({ draft: draft({ rules: [{}] }, 'lockdown'), workloads: webapp([inForce]), calls }).map(
          (c) => c.decision,
        ),
      ),
    ).toEqual(new Set(['allow']));
  });

  it('leaves out calls to workloads the draft does not select', () => {
    expect(simulatePolicy({ draft: draft({ rules: [{}] }), workloads: [], calls })).toEqual([]);
  });

  // Its speed is the bench's (bench/security-bench.ts), not a timed test's.
  it('evaluates 2,000 distinct calls (twenty times what an hour of the demo gives), one decision per call', () => {
    const many: EvaluableCall[] = Array.from({ length: 2_000 }, (_, i) => ({
      ...calls[i % 3]!,
      operation: { method: 'POST', path: `/sentiment/${i}`, port: 8080 },
    }));
    const policy = draft({
      rules: [
        { from: [{ source: { principals: [GATEWAY] } }], to: [{ operation: { paths: ['/sentiment*', '/feedback'] } }] },
      ],
    });
    const decided = simulatePolicy({ draft: policy, workloads: webapp(), calls: many });
    expect(decided).toHaveLength(many.length);
    expect(new Set(decided.map((c) => c.decision)).size).toBeGreaterThan(0);
  });
});
