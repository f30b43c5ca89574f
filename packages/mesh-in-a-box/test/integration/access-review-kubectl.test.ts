// `kubectl auth can-i` against the shared mesh (kubectl asks with a SelfSubjectAccessReview) and the faults API that
// forbids a write over HTTP, as the console's tests use it: the review and the real write must agree. The forbid
// rule is cleared after each test so the suites after this one write freely.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, inject, it } from 'vitest';

const run = promisify(execFile);
const mesh = inject('mesh');
const faults = new URL(mesh.endpoints['metrics']!).origin;

async function kubectl(...args: string[]): Promise<{ ok: boolean; out: string }> {
  try {
    const { stdout } = await run('kubectl', ['--kubeconfig', mesh.kubeconfig, ...args], { timeout: 30_000 });
    return { ok: true, out: stdout.trim() };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}`.trim() };
  }
}

const forbid = (rule: object) =>
  fetch(`${faults}/faults/kubernetes/forbid`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rule),
  });

afterEach(async () => {
  await fetch(`${faults}/faults`, { method: 'DELETE' });
});

describe('kubectl auth can-i against the mesh in a box', () => {
  it('says yes to patching virtualservices, as nothing is forbidden', async () => {
    expect(await kubectl('auth', 'can-i', 'patch', 'virtualservices', '-n', 'demo')).toEqual({ ok: true, out: 'yes' });
  });

  it('says no while the faults API forbids the patch, and kubectl patch is refused with Forbidden', async () => {
    const answer = await forbid({
      verbs: ['patch'],
      resource: 'virtualservices.networking.istio.io',
      namespace: 'demo',
    });
    expect(answer.status).toBe(200);
    const review = await kubectl('auth', 'can-i', 'patch', 'virtualservices', '-n', 'demo');
    expect(review.ok).toBe(false);
    expect(review.out).toMatch(/^no - forbidden by the mesh in a box's faults API/);
    const patch = await kubectl(
      'patch',
      'vs',
      'sa-logic',
      '-n',
      'demo',
      '--type',
      'merge',
      '-p',
      '{"metadata":{"labels":{"x":"y"}}}',
    );
    expect(patch.ok).toBe(false);
    expect(patch.out).toContain(
      'virtualservices.networking.istio.io "sa-logic" is forbidden: User "mesh-admin" cannot patch resource "virtualservices" in API group "networking.istio.io" in the namespace "demo"',
    );
    // Reading stays allowed.
    expect(await kubectl('auth', 'can-i', 'get', 'virtualservices', '-n', 'demo')).toEqual({ ok: true, out: 'yes' });
  });
});
