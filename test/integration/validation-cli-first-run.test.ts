// `sextant validate --cluster` as a new user first runs it: the kubeconfig's context namespace, and no kubeconfig.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { FIXTURES } from '../helpers/fixtures.js';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/sextant.js');
const CANARY = relative(root, join(FIXTURES, 'sentiment-analysis/istio/sa-logic-vs-canary.yaml'));
const scratch = mkdtempSync(join(tmpdir(), 'sextant-first-run-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function sextant(args: string[], env: Record<string, string | undefined>) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const findingsOf = (stdout: string) =>
  (JSON.parse(stdout) as { findings: { ruleId: string; severity: string; object: { namespace: string } }[] }).findings;

describe('sextant validate --cluster with no -n', () => {
  it("files a namespace-less object under the kubeconfig context's namespace, as kubectl apply does", () => {
    // The mesh in a box's context names namespace demo, where kubectl would apply the file.
    const r = sextant(['validate', '--cluster', CANARY, '-o', 'json'], { KUBECONFIG: inject('mesh').kubeconfig });
    expect(r.stderr).toBe('');
    // Under default it matched no Service (2 false "503" errors); under demo it is clean.
    const findings = findingsOf(r.stdout);
    expect(findings.every((f) => f.object.namespace === 'demo')).toBe(true);
    expect(findings.filter((f) => f.ruleId === 'vs.host-not-found')).toEqual([]);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('uses default when the context names no namespace, and -n over either', () => {
    const kubeconfig = join(scratch, 'no-namespace.kubeconfig');
    writeFileSync(kubeconfig, readFileSync(inject('mesh').kubeconfig, 'utf8').replace(/^\s*namespace: demo\s*$/m, ''));
    const none = findingsOf(
      sextant(['validate', '--cluster', CANARY, '-o', 'json'], { KUBECONFIG: kubeconfig }).stdout,
    );
    expect(none.length).toBeGreaterThan(0);
    expect(none.every((f) => f.object.namespace === 'default')).toBe(true);
    const flag = findingsOf(
      sextant(['validate', '--cluster', '-n', 'demo', CANARY, '-o', 'json'], { KUBECONFIG: kubeconfig }).stdout,
    );
    expect(flag.every((f) => f.object.namespace === 'demo')).toBe(true);
  });

  it('takes the context namespace offline too, as kubectl --dry-run=client and --local do, and default without a kubeconfig', () => {
    const offline = sextant(['validate', CANARY, '-o', 'json'], { KUBECONFIG: inject('mesh').kubeconfig });
    const inDemo = findingsOf(offline.stdout);
    expect(inDemo.length).toBeGreaterThan(0); // offline the Services are not among the files: info findings
    expect(inDemo.every((f) => f.object.namespace === 'demo')).toBe(true);
    const home = join(scratch, 'home');
    const none = sextant(['validate', CANARY, '-o', 'json'], { KUBECONFIG: undefined, HOME: home });
    expect(findingsOf(none.stdout).every((f) => f.object.namespace === 'default')).toBe(true);
  });
});

describe('sextant validate --cluster without a kubeconfig', () => {
  it('says no kubeconfig was found, which file it looked for, and to set KUBECONFIG or --context', () => {
    const home = join(scratch, 'home');
    const r = sextant(['validate', '--cluster'], {
      KUBECONFIG: undefined,
      HOME: home,
      KUBERNETES_SERVICE_HOST: undefined,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('skipTLSVerify');
    expect(r.stderr).toContain(`KUBECONFIG is not set and ${join(home, '.kube/config')} does not exist`);
    expect(r.stderr).toContain('--context');
  });

  it('names the kubeconfig, context and server when the client refuses the configuration', () => {
    // A certificate authority file that is not there: the client's own refusal, which names none of them.
    const kubeconfig = join(scratch, 'missing-ca.kubeconfig');
    writeFileSync(
      kubeconfig,
      readFileSync(inject('mesh').kubeconfig, 'utf8').replace(
        /^(\s*)insecure-skip-tls-verify.*$/m,
        '$1certificate-authority: /nonexistent/ca.crt',
      ),
    );
    const r = sextant(['validate', '--cluster'], { KUBECONFIG: kubeconfig });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^sextant: cannot use the Kubernetes API at https:\/\/127\.0\.0\.1:\d+ \(context mesh-in-a-box of .*missing-ca\.kubeconfig\): .*\/nonexistent\/ca\.crt.*; check KUBECONFIG or pick another context with --context\n$/,
    );
  });

  it('names the contexts the kubeconfig has when --context names another', () => {
    const r = sextant(['validate', '--cluster', '--context', 'prod'], { KUBECONFIG: inject('mesh').kubeconfig });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has no context "prod" (it has mesh-in-a-box)');
  });
});
