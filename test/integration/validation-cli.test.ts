import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FIXTURES } from '../helpers/fixtures.js';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/sextant.js');
let work: string;

// Namespace-less objects take the kubeconfig context's namespace, as with kubectl: pin it to none, whatever the shell has.
const NO_KUBECONFIG = join(tmpdir(), 'sextant-no-kubeconfig');
function sextant(args: string[], input?: string, env?: Record<string, string>) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: work,
    input,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, KUBECONFIG: NO_KUBECONFIG, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[p] = `${statSync(p).mtimeMs} ${readFileSync(p, 'utf8')}`;
    }
  };
  walk(dir);
  return out;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sextant-cli-'));
  cpSync(join(FIXTURES, 'bookinfo'), join(work, 'bookinfo'), { recursive: true });
  cpSync(join(FIXTURES, 'sentiment-analysis'), join(work, 'sentiment-analysis'), { recursive: true });
  // A broken copy: reviews routed to subset v4, which destination-rule-all.yaml does not define.
  cpSync(join(FIXTURES, 'bookinfo'), join(work, 'broken'), { recursive: true });
  const vs = join(work, 'broken/networking/virtual-service-reviews-50-v3.yaml');
  writeFileSync(vs, readFileSync(vs, 'utf8').replace('subset: v3', 'subset: v4'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('sextant validate (a spawned process)', () => {
  it('passes the fixtures with exit code 0 and a summary', () => {
    const before = snapshot(work);
    for (const dir of ['bookinfo', 'sentiment-analysis']) {
      const r = sextant(['validate', dir]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^0 errors, \d+ warnings?, \d+ info in \d+ objects from \d+ files\.$/m);
    }
    expect(snapshot(work)).toEqual(before); // never modifies a file
  });

  it('fails a broken copy with exit code 1, naming file:line and the fix', () => {
    const r = sextant(['validate', 'broken']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'broken/networking/virtual-service-reviews-50-v3.yaml:16: error [KIA1107, IST0101] VirtualService default/reviews spec.http[0].route[1].destination.subset:',
    );
    expect(r.stdout).toMatch(/subset "v4".*defines only "v1", "v2", "v3"/);
  });

  it('fails on warnings when asked to, and ignores codes when told to', () => {
    expect(sextant(['validate', 'bookinfo', '--fail-on', 'warning']).code).toBe(1);
    expect(sextant(['validate', 'broken', '--ignore', 'KIA1107']).code).toBe(0);
  });

  it('reads multi-document YAML from stdin, as kustomize build pipes it', () => {
    const yaml = [
      'bookinfo/kube/bookinfo.yaml',
      'broken/networking/destination-rule-all.yaml',
      'broken/networking/virtual-service-reviews-50-v3.yaml',
    ]
      .map((f) => readFileSync(join(work, f), 'utf8'))
      .join('\n---\n');
    const r = sextant(['validate', '--format', 'json'], yaml);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { findings: { ruleId: string; file: string; line: number }[] };
    expect(out.findings.find((f) => f.ruleId === 'vs.subset-not-found')).toMatchObject({ file: '<stdin>' });
  });

  it('reports YAML that does not parse with its line, without crashing', () => {
    writeFileSync(join(work, 'garbage.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: [unclosed\n');
    const r = sextant(['validate', 'garbage.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^garbage\.yaml:\d+: error: YAML does not parse/m);
  });

  it('writes SARIF 2.1.0 with the fields code-scanning requires', () => {
    const r = sextant(['validate', 'broken', '--format', 'sarif']);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout) as {
      version: string;
      runs: {
        tool: { driver: { name: string; rules: { id: string }[] } };
        results: {
          ruleId: string;
          level: string;
          message: { text: string };
          locations: { physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
      }[];
    };
    // Required by the SARIF 2.1.0 schema: sarifLog.version and runs; run.tool.driver.name; result.message.text.
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    const run = sarif.runs[0]!;
    expect(run.tool.driver.name).toBe('sextant');
    for (const result of run.results) {
      expect(result.message.text.length).toBeGreaterThan(0);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(run.tool.driver.rules.map((x) => x.id)).toContain(result.ruleId);
      const loc = result.locations[0]!.physicalLocation!;
      expect(loc.artifactLocation.uri).not.toContain('\\');
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
    }
    expect(run.results.find((x) => x.ruleId === 'vs.subset-not-found')).toMatchObject({
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'broken/networking/virtual-service-reviews-50-v3.yaml' },
            region: { startLine: 16 },
          },
        },
      ],
    });
  });

  it('validates the live cluster of the kubeconfig with --cluster', () => {
    const r = sextant(['validate', '--cluster', '--namespace', 'demo', '--format', 'json'], undefined, {
      KUBECONFIG: inject('mesh').kubeconfig,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      summary: { errors: number; objects: number };
      findings: { object: { namespace: string } }[];
    };
    expect(out.summary.errors).toBe(0);
    expect(out.summary.objects).toBeGreaterThan(20);
    expect(out.findings.every((f) => f.object.namespace === 'demo')).toBe(true);
  });

  it('answers a bad option with exit code 2 and the usage', () => {
    const r = sextant(['validate', 'bookinfo', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format must be text, json or sarif');
    expect(sextant(['validate', 'no-such-folder']).stdout).toContain('no such file or folder');
  });
});
