// Offline honesty in the CLI (issue 15, item 4): on files alone, a Gateway or DestinationRule the files do not hold is
// "not among the inputs", a warning; with --cluster the same file is resolved against the live cluster (the shared
// mesh in a box, through its kubeconfig, as kubectl reads it): what exists there is clean, what does not is an error.
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/sextant.js');
const NO_KUBECONFIG = join(tmpdir(), 'sextant-no-kubeconfig');

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  path: string;
}
function validate(args: string[], input: string, kubeconfig = NO_KUBECONFIG) {
  const r = spawnSync(process.execPath, [bin, 'validate', '-n', 'demo', '-o', 'json', ...args, '-'], {
    cwd: root,
    input,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, KUBECONFIG: kubeconfig },
  });
  expect(r.stderr).toBe('');
  return { code: r.status, findings: (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings };
}
const brief = (f: JsonFinding) => `${f.severity} ${f.ruleId} ${f.path}`;

// The demo's sa-logic VirtualService bound to a Gateway as well, with its Service: the Gateway (demo/http-gateway) and
// the DestinationRule (sa-logic, subsets v1 and v2) live in the cluster, not in this input; `htp-gateway` is a typo
// that exists nowhere. Named as the cluster's own VirtualService, it replaces it under --cluster.
const vs = (gateway: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: sa-logic }
spec:
  hosts: [sa-logic]
  gateways: [mesh, ${gateway}]
  http: [{ route: [{ destination: { host: sa-logic, subset: v1 } }] }]
---
apiVersion: v1
kind: Service
metadata: { name: sa-logic, labels: { app: sa-logic } }
spec: { selector: { app: sa-logic }, ports: [{ name: http, port: 80, targetPort: 5000 }] }
`;

describe('sextant validate: references the files do not hold', () => {
  it('offline, says the Gateway and DestinationRule are not among the inputs, as warnings, and exits 0', () => {
    const r = validate([], vs('http-gateway'));
    expect(r.findings.filter((f) => f.severity !== 'info' && f.ruleId.startsWith('vs.')).map(brief)).toEqual([
      'warning vs.gateway-not-found spec.gateways[1]',
      'warning vs.subset-not-found spec.http[0].route[0].destination.subset',
    ]);
    for (const f of r.findings.filter((x) => x.severity === 'warning')) {
      expect(f.message).toContain('is not among the inputs');
      expect(f.message).toContain('run with --cluster');
    }
    expect(r.code).toBe(0);
  });

  it('with --cluster, finds them in the live cluster: clean', () => {
    const r = validate(['--cluster'], vs('http-gateway'), inject('mesh').kubeconfig);
    expect(r.findings.filter((f) => f.severity !== 'info').map(brief)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('with --cluster, a Gateway the cluster does not have either is an error: it does not exist', () => {
    const r = validate(['--cluster'], vs('htp-gateway'), inject('mesh').kubeconfig);
    expect(r.findings.filter((f) => f.severity !== 'info').map(brief)).toEqual([
      'error vs.gateway-not-found spec.gateways[1]',
    ]);
    expect(r.findings[0]!.message).toMatch(/^No Gateway demo\/htp-gateway exists/);
    expect(r.code).toBe(1);
  });
});
