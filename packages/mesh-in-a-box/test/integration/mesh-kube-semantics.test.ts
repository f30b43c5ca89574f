// The Kubernetes API of the shared mesh as kubectl meets it: field validation (kubectl 1.32 sends
// fieldValidation=Strict unless told --validate=warn|ignore), server dry-run, writes that change nothing, the uid
// precondition and ConfigMap validation. Each test creates its own objects and deletes them; the shared
// VirtualService it touches is refused or written unchanged.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const run = promisify(execFile);
const kubeconfig = inject('mesh').kubeconfig;
let dir: string;

interface KubectlResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** kubectl in the demo namespace, resolving whether it failed or not; `input` goes to its stdin. */
async function kubectl(args: string[], input?: string): Promise<KubectlResult> {
  const child = run('kubectl', ['--kubeconfig', kubeconfig, '-n', 'demo', ...args], { timeout: 30_000 });
  if (input !== undefined) child.child.stdin!.end(input);
  try {
    const { stdout, stderr } = await child;
    return { ok: true, stdout, stderr };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function manifest(name: string, yaml: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, yaml);
  return file;
}

const typoVirtualService = (name: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
spec:
  hosts:
  - sa-logic
  http:
  - route:
    - destination:
        host: sa-logic
        subset: v1
      wieght: 100
`;

const resourceVersionOf = async (kind: string, name: string) =>
  (await kubectl(['get', kind, name, '-o', 'jsonpath={.metadata.resourceVersion}'])).stdout;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kube-semantics-'));
});
afterAll(async () => {
  await kubectl(['delete', 'virtualservice,configmap', '-l', 'test=kube-semantics', '--ignore-not-found']);
  await rm(dir, { recursive: true, force: true });
});

// The API server's strict decoding (endpoints/handlers create.go, patch.go) and kubectl's --validate default.
describe('kubectl and field validation', () => {
  it('refuses to create a VirtualService with a misspelt field, as a real cluster does', async () => {
    const r = await kubectl(['create', '-f', await manifest('typo-new.yaml', typoVirtualService('typo-new'))]);
    expect(r.ok).toBe(false);
    expect(r.stderr).toContain(
      'VirtualService in version "v1" cannot be handled as a VirtualService: strict decoding error: unknown field "spec.http[0].route[0].wieght"',
    );
    expect((await kubectl(['get', 'virtualservice', 'typo-new'])).ok).toBe(false);
  });

  it('refuses kubectl apply of the misspelt field onto the existing sa-logic route, changing nothing', async () => {
    const before = await resourceVersionOf('virtualservice', 'sa-logic');
    const r = await kubectl(['apply', '-f', await manifest('typo-sa-logic.yaml', typoVirtualService('sa-logic'))]);
    expect(r.ok).toBe(false);
    expect(r.stderr).toContain('strict decoding error: unknown field "spec.http[0].route[0].wieght"');
    expect(await resourceVersionOf('virtualservice', 'sa-logic')).toBe(before);
  });

  it('warns and drops the field with --validate=warn', async () => {
    const file = await manifest('typo-warn.yaml', typoVirtualService('typo-warn'));
    const r = await kubectl(['create', '--validate=warn', '-f', file]);
    await kubectl(['label', 'virtualservice', 'typo-warn', 'test=kube-semantics']);
    expect(r.ok).toBe(true);
    expect(r.stderr).toContain('Warning: unknown field "spec.http[0].route[0].wieght"');
    const route = await kubectl(['get', 'virtualservice', 'typo-warn', '-o', 'jsonpath={.spec.http[0].route[0]}']);
    expect(JSON.parse(route.stdout)).toEqual({ destination: { host: 'sa-logic', subset: 'v1' } });
  });

  // structured-merge-diff refuses a field the schema does not declare; the API server answers a 500 (issue 122480).
  it('fails a server-side apply of the misspelt field', async () => {
    const file = await manifest('typo-ssa.yaml', typoVirtualService('typo-ssa'));
    const r = await kubectl(['apply', '--server-side', '-f', file]);
    expect(r.ok).toBe(false);
    expect(r.stderr).toContain('.spec.http[0].route[0].wieght: field not declared in schema');
  });
});

describe('kubectl and writes that change nothing or nothing yet', () => {
  it('keeps the resourceVersion of sa-logic when kubectl patch sets the values it has', async () => {
    const before = await resourceVersionOf('virtualservice', 'sa-logic');
    const r = await kubectl([
      'patch',
      'virtualservice',
      'sa-logic',
      '--type',
      'merge',
      '-p',
      '{"spec":{"hosts":["sa-logic"]}}',
    ]);
    expect(r.ok).toBe(true);
    expect(await resourceVersionOf('virtualservice', 'sa-logic')).toBe(before);
  });

  it('keeps the resourceVersion when kubectl replace sends a ConfigMap back unchanged', async () => {
    expect((await kubectl(['create', 'configmap', 'unchanged', '--from-literal=mode=canary'])).ok).toBe(true);
    await kubectl(['label', 'configmap', 'unchanged', 'test=kube-semantics']);
    const live = await kubectl(['get', 'configmap', 'unchanged', '-o', 'json']);
    const before = JSON.parse(live.stdout).metadata.resourceVersion as string;
    expect((await kubectl(['replace', '-f', '-'], live.stdout)).ok).toBe(true);
    expect(await resourceVersionOf('configmap', 'unchanged')).toBe(before);
  });

  it('answers kubectl create --dry-run=server without a resourceVersion and stores nothing', async () => {
    const r = await kubectl([
      'create',
      'configmap',
      'dry-run-cm',
      '--from-literal=a=1',
      '--dry-run=server',
      '-o',
      'json',
    ]);
    expect(r.ok).toBe(true);
    const answer = JSON.parse(r.stdout);
    expect(answer.metadata.uid).toBeTruthy();
    expect(answer.metadata.resourceVersion).toBeUndefined();
    expect((await kubectl(['get', 'configmap', 'dry-run-cm'])).ok).toBe(false);
  });

  it('answers kubectl apply --dry-run=server with the stored resourceVersion', async () => {
    const before = await resourceVersionOf('virtualservice', 'sa-logic');
    const live = JSON.parse((await kubectl(['get', 'virtualservice', 'sa-logic', '-o', 'json'])).stdout);
    live.spec.http[0].timeout = '5s';
    const r = await kubectl(['apply', '--dry-run=server', '-o', 'json', '-f', '-'], JSON.stringify(live));
    expect(r.ok).toBe(true);
    const answer = JSON.parse(r.stdout);
    expect(answer.spec.http[0].timeout).toBe('5s');
    expect(answer.metadata.resourceVersion).toBe(before);
    expect(await resourceVersionOf('virtualservice', 'sa-logic')).toBe(before);
  });

  it('refuses a patch that changes metadata.uid as an immutable field', async () => {
    const r = await kubectl([
      'patch',
      'virtualservice',
      'sa-logic',
      '--type',
      'merge',
      '-p',
      '{"metadata":{"uid":"x"}}',
    ]);
    expect(r.ok).toBe(false);
    expect(r.stderr).toContain('metadata.uid: Invalid value: "x": field is immutable');
  });
});

// pkg/apis/core/validation ValidateConfigMap and ValidateConfigMapUpdate.
describe('kubectl and ConfigMap validation', () => {
  it('refuses a key with a space', async () => {
    const file = await manifest(
      'bad-key.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad-key\n  labels: {test: kube-semantics}\ndata:\n  "bad key": "1"\n',
    );
    const r = await kubectl(['apply', '-f', file]);
    expect(r.ok).toBe(false);
    expect(r.stderr).toContain(
      `The ConfigMap "bad-key" is invalid: data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.'`,
    );
  });

  it('keeps an immutable ConfigMap as it is', async () => {
    const file = await manifest(
      'frozen.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: frozen\n  labels: {test: kube-semantics}\nimmutable: true\ndata:\n  mode: canary\n',
    );
    expect((await kubectl(['apply', '-f', file])).ok).toBe(true);
    const r = await kubectl(['patch', 'configmap', 'frozen', '--type', 'merge', '-p', '{"data":{"mode":"stable"}}']);
    expect(r.ok).toBe(false);
    expect(r.stderr).toContain('data: Forbidden: field is immutable when `immutable` is set');
    const unset = await kubectl(['patch', 'configmap', 'frozen', '--type', 'merge', '-p', '{"immutable":false}']);
    expect(unset.stderr).toContain('immutable: Forbidden: field is immutable when `immutable` is set');
  });
});
