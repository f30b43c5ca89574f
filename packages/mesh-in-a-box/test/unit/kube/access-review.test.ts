// SelfSubjectAccessReview and SelfSubjectRulesReview as the API server answers them (k8s.io/api authorization/v1
// types.go; pkg/registry/authorization/selfsubjectaccessreview/rest.go answers 201 with the status filled in;
// pkg/apis/authorization/validation/validation.go: exactly one of resourceAttributes and nonResourceAttributes).
// Without an auth configuration the API server lets everyone do everything except what the faults API forbids (its
// RBAC is tested in auth/ and kube-auth-kubectl.test.ts), and then the review and
// the real write agree. Real kubectl asks through `kubectl auth can-i` (it sends the review as protobuf).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KubeApi } from '../../../src/kube/start-kube-api.js';
import { writeKubeconfig } from '../../../src/kube/write-kubeconfig.js';
import { startTestApi, type ApiAnswer } from './kube-api-client.js';

const run = promisify(execFile);
let api: KubeApi;
let call: (method: string, path: string, body?: unknown, contentType?: string) => Promise<ApiAnswer>;
let dir: string;
let kubeconfig: string;

beforeAll(async () => {
  ({ api, call } = await startTestApi());
  dir = await mkdtemp(join(tmpdir(), 'access-review-'));
  kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, { server: api.url, namespace: 'demo' });
});
afterAll(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => api.faults.clearFailures());

const SSAR = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
const review = (resourceAttributes: Record<string, string>) => ({
  apiVersion: 'authorization.k8s.io/v1',
  kind: 'SelfSubjectAccessReview',
  spec: { resourceAttributes },
});
const patchVs = { namespace: 'demo', verb: 'patch', group: 'networking.istio.io', resource: 'virtualservices' };

/** `kubectl auth can-i ...`: its answer line and whether it exited 0 (yes) or 1 (no). */
async function canI(...args: string[]): Promise<{ yes: boolean; out: string }> {
  try {
    const { stdout } = await run('kubectl', ['--kubeconfig', kubeconfig, 'auth', 'can-i', ...args], {
      timeout: 30_000,
    });
    return { yes: true, out: stdout.trim() };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { yes: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}`.trim() };
  }
}

describe('SelfSubjectAccessReview', () => {
  it('answers 201 with allowed: true and the spec it was asked, when nothing is forbidden', async () => {
    const r = await call('POST', SSAR, review(patchVs));
    expect(r.status).toBe(201);
    expect(r.body.kind).toBe('SelfSubjectAccessReview');
    expect(r.body.spec.resourceAttributes).toEqual(patchVs);
    expect(r.body.status.allowed).toBe(true);
  });

  it('says allowed: false with a reason for what the faults API forbids, and the write answers 403', async () => {
    api.faults.forbid({ verbs: ['patch'], resource: 'virtualservices.networking.istio.io', namespace: 'demo' });
    const r = await call('POST', SSAR, review({ ...patchVs, name: 'sa-logic' }));
    expect(r.body.status.allowed).toBe(false);
    expect(r.body.status.reason).toMatch(/forbid patch on virtualservices\.networking\.istio\.io in demo/);
    // Other verbs and other namespaces are untouched.
    expect((await call('POST', SSAR, review({ ...patchVs, verb: 'get' }))).body.status.allowed).toBe(true);
    expect((await call('POST', SSAR, review({ ...patchVs, namespace: 'other' }))).body.status.allowed).toBe(true);

    const write = await call(
      'PATCH',
      '/apis/networking.istio.io/v1/namespaces/demo/virtualservices/sa-logic',
      { spec: {} },
      'application/merge-patch+json',
    );
    expect(write.status).toBe(403);
    expect(write.body.reason).toBe('Forbidden');
    expect(write.body.message).toBe(
      'virtualservices.networking.istio.io "sa-logic" is forbidden: User "mesh-admin" cannot patch resource "virtualservices" in API group "networking.istio.io" in the namespace "demo"',
    );
  });

  it('says allowed: false while a 403 failNext is due, without using it up', async () => {
    api.faults.failNext({ status: 403, count: 1, verbs: ['create'], resource: 'configmaps' });
    const ask = () =>
      call('POST', SSAR, review({ namespace: 'demo', verb: 'create', group: '', resource: 'configmaps' }));
    expect((await ask()).body.status.allowed).toBe(false);
    expect((await ask()).body.status.allowed).toBe(false);
    const write = await call('POST', '/api/v1/namespaces/demo/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'audit' },
    });
    expect(write.status).toBe(403);
    expect((await ask()).body.status.allowed).toBe(true);
  });

  it('refuses a review with neither resourceAttributes nor nonResourceAttributes, naming the field', async () => {
    const r = await call('POST', SSAR, {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: {},
    });
    expect(r.status).toBe(422);
    expect(r.body.details.causes[0].field).toBe('spec.resourceAttributes');
    expect(r.body.message).toMatch(/exactly one of nonResourceAttributes or resourceAttributes must be specified/);
  });

  it("lists the authorization group in discovery, with create as the reviews' one verb", async () => {
    const groups = (await call('GET', '/apis')).body.groups.map((g: { name: string }) => g.name);
    expect(groups).toContain('authorization.k8s.io');
    const list = (await call('GET', '/apis/authorization.k8s.io/v1')).body;
    expect(list.resources).toContainEqual(
      expect.objectContaining({ name: 'selfsubjectaccessreviews', namespaced: false, verbs: ['create'] }),
    );
  });
});

describe('SelfSubjectRulesReview', () => {
  it('grants everything, and says it is incomplete while something is forbidden', async () => {
    const path = '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews';
    const body = { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 'demo' } };
    const open = await call('POST', path, body);
    expect(open.status).toBe(201);
    expect(open.body.status.resourceRules).toEqual([{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]);
    expect(open.body.status.incomplete).toBe(false);
    api.faults.forbid({ verbs: ['delete'], resource: 'pods' });
    expect((await call('POST', path, body)).body.status.incomplete).toBe(true);
  });
});

describe('kubectl auth can-i (real kubectl, which asks with a SelfSubjectAccessReview)', () => {
  it('says yes to patching virtualservices when nothing is forbidden', async () => {
    expect(await canI('patch', 'virtualservices', '-n', 'sentiment-analysis')).toEqual({ yes: true, out: 'yes' });
  });

  it('lists what may be done with kubectl auth can-i --list (a SelfSubjectRulesReview)', async () => {
    const listed = await canI('--list', '-n', 'demo');
    expect(listed.yes).toBe(true);
    expect(listed.out).toMatch(/^\*\.\*\s+\[\]\s+\[\]\s+\[\*\]$/m);
  });

  it('says no, with the reason, when the faults API forbids it', async () => {
    api.faults.forbid({ verbs: ['patch'], resource: 'virtualservices.networking.istio.io' });
    const answer = await canI('patch', 'virtualservices', '-n', 'sentiment-analysis');
    expect(answer.yes).toBe(false);
    expect(answer.out).toMatch(/^no - forbidden by the mesh in a box's faults API/);
    expect(await canI('get', 'virtualservices', '-n', 'sentiment-analysis')).toEqual({ yes: true, out: 'yes' });
  });
});
