// deploy/rbac against the shared mesh, whose API server enforces RBAC as Kubernetes does: `kubectl apply -k` takes
// the manifests, and `kubectl auth can-i --as` (a SelfSubjectAccessReview as the console's ServiceAccount, through
// the admin's right to impersonate) shows that the read role allows what the console reads and none of its writes,
// that the audit, write and impersonate bindings add only theirs, and that Kubernetes' own view and edit roles now
// cover Istio's kinds through aggregation. Everything the suite creates is deleted again: other suites share the mesh.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKubernetesSource } from '../../server/sources/kubernetes.js';
import { kubectl } from '../helpers/kubectl.js';

const mesh = inject('mesh');
const RBAC = fileURLToPath(new URL('../../deploy/rbac', import.meta.url));
const CONSOLE = 'system:serviceaccount:sextant:sextant';
const run = promisify(execFile);

/** `kubectl auth can-i`: true for "yes"; it exits 1 with "no" on stdout, which is an answer, not a failure. */
async function canI(as: string, args: string[]): Promise<boolean> {
  const argv = ['--kubeconfig', mesh.kubeconfig, 'auth', 'can-i', ...args, `--as=${as}`];
  try {
    const { stdout } = await run('kubectl', argv, { timeout: 30_000 });
    return stdout.trim() === 'yes';
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    if (e.stdout?.trim() === 'no') return false;
    throw new Error(`kubectl ${argv.join(' ')} failed: ${e.stderr || e.message}`);
  }
}

/** The answers to several questions at once, keyed by the question as typed. */
async function answers(as: string, questions: string[]): Promise<Record<string, boolean>> {
  const said = await Promise.all(questions.map((q) => canI(as, q.split(' '))));
  return Object.fromEntries(questions.map((q, i) => [q, said[i]!]));
}

const allYes = (questions: string[]) => Object.fromEntries(questions.map((q) => [q, true]));
const allNo = (questions: string[]) => Object.fromEntries(questions.map((q) => [q, false]));

beforeAll(async () => {
  await kubectl(mesh.kubeconfig, ['apply', '-k', RBAC]);
});

afterAll(async () => {
  for (const file of ['audit/audit-binding.yaml', 'write/write-binding.yaml', 'impersonate/impersonate-binding.yaml'])
    await kubectl(mesh.kubeconfig, ['delete', '-f', `${RBAC}/${file}`, '--ignore-not-found']);
  await kubectl(mesh.kubeconfig, ['delete', '-k', RBAC, '--ignore-not-found', '--wait=false']);
});

// What the console reads (server/sources/watched-kinds.ts, server/mesh/io, server/pods/io, server/logs/io,
// server/sources/envoy.ts, server/traffic/io/read-plan-input.ts, server/traffic/canary/io, server/auth/io).
const READS = [
  'list namespaces',
  'watch pods --all-namespaces',
  'list services --all-namespaces',
  'watch deployments.apps --all-namespaces',
  'list replicasets.apps --all-namespaces',
  'list statefulsets.apps --all-namespaces',
  'watch daemonsets.apps --all-namespaces',
  'watch virtualservices.networking.istio.io --all-namespaces',
  'list destinationrules.networking.istio.io --all-namespaces',
  'watch gateways.networking.istio.io --all-namespaces',
  'list serviceentries.networking.istio.io --all-namespaces',
  'watch envoyfilters.networking.istio.io --all-namespaces',
  'watch authorizationpolicies.security.istio.io --all-namespaces',
  'list peerauthentications.security.istio.io --all-namespaces',
  'list telemetries.telemetry.istio.io --all-namespaces',
  'list httproutes.gateway.networking.k8s.io -n demo',
  'list events -n demo',
  'get pods --subresource=log -n demo',
  'get pods --subresource=proxy -n demo',
  'get configmaps -n istio-system',
  'list configmaps --all-namespaces',
  'create tokenreviews.authentication.k8s.io',
  'create selfsubjectrulesreviews.authorization.k8s.io',
];

// Everything the write role and the audit Role grant, and more that no role of the console should.
const WRITES = [
  'patch virtualservices.networking.istio.io -n demo',
  'update virtualservices.networking.istio.io -n demo',
  'create destinationrules.networking.istio.io -n demo',
  'delete destinationrules.networking.istio.io -n demo',
  'update httproutes.gateway.networking.k8s.io -n demo',
  'create configmaps -n demo',
  'update configmaps/sextant-canary-sa-logic -n demo',
  'create leases.coordination.k8s.io -n demo',
];
const AUDIT = [
  'update configmaps/sextant-audit -n istio-system',
  'update configmaps/sextant-audit-archive -n istio-system',
  'create configmaps -n istio-system',
];
const NEVER = [
  'get secrets -n demo',
  'list secrets --all-namespaces',
  'delete pods -n demo',
  'create pods --subresource=exec -n demo',
  'update deployments.apps -n demo',
  // Nothing the code does (server/sources/kube-calls.ts): the cache lists and watches, and a change never patches.
  'get deployments.apps -n demo',
  'get virtualservices.networking.istio.io -n demo',
  'patch destinationrules.networking.istio.io -n demo',
  'delete configmaps -n istio-system',
];
const IMPERSONATION = ['impersonate users', 'impersonate groups'];

describe('the console’s roles from deploy/rbac', () => {
  it('let the console read every kind it caches, lists and proxies, as the anonymous strategy binds it', async () => {
    expect(await answers(CONSOLE, READS)).toEqual(allYes(READS));
  });

  it('are enough for the console’s watch cache: as the ServiceAccount it lists every kind, none refused', async () => {
    const token = (await kubectl(mesh.kubeconfig, ['create', 'token', 'sextant', '-n', 'sextant'])).trim();
    const admin = new KubeConfig();
    admin.loadFromFile(mesh.kubeconfig);
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [admin.getCurrentCluster()!],
      users: [{ name: 'sextant', token }],
      contexts: [{ name: 'sextant', cluster: admin.getCurrentCluster()!.name, user: 'sextant' }],
      currentContext: 'sextant',
    });
    const kube = createKubernetesSource({ cluster: 'sextant', kc, timeoutMs: 10_000 });
    try {
      await kube.start();
      expect(kube.problems()).toEqual([]);
      expect(kube.istioKinds().map((k) => k.kind)).toContain('VirtualService');
      expect(kube.list('VirtualService', 'demo').map((vs) => vs.metadata.name)).toContain('sa-logic');
      expect(kube.list('Pod', 'istio-system').length).toBeGreaterThan(0);
    } finally {
      await kube.stop();
    }
  });

  it('give the console no write, no Secret and no impersonation until those bindings are added', async () => {
    const questions = [...WRITES, ...AUDIT, ...NEVER, ...IMPERSONATION];
    expect(await answers(CONSOLE, questions)).toEqual(allNo(questions));
  });

  it('let it keep the audit log once audit-binding.yaml is applied: its two ConfigMaps and no other of istio-system', async () => {
    await kubectl(mesh.kubeconfig, ['apply', '-f', `${RBAC}/audit/audit-binding.yaml`]);
    try {
      expect(await answers(CONSOLE, AUDIT)).toEqual(allYes(AUDIT));
      const refused = ['update configmaps/istio -n istio-system', 'update configmaps/sextant-canary-sa-logic -n demo'];
      expect(await answers(CONSOLE, refused)).toEqual(allNo(refused));
    } finally {
      await kubectl(mesh.kubeconfig, ['delete', '-f', `${RBAC}/audit/audit-binding.yaml`]);
    }
  });

  it('let it change routing, canary records and Leases once write-binding.yaml is applied, and still no Secret', async () => {
    await kubectl(mesh.kubeconfig, ['apply', '-f', `${RBAC}/write/write-binding.yaml`]);
    try {
      expect(await answers(CONSOLE, WRITES)).toEqual(allYes(WRITES));
      expect(await answers(CONSOLE, [...NEVER, ...IMPERSONATION])).toEqual(allNo([...NEVER, ...IMPERSONATION]));
    } finally {
      await kubectl(mesh.kubeconfig, ['delete', '-f', `${RBAC}/write/write-binding.yaml`]);
    }
  });

  it('let it act as a person once impersonate-binding.yaml is applied', async () => {
    await kubectl(mesh.kubeconfig, ['apply', '-f', `${RBAC}/impersonate/impersonate-binding.yaml`]);
    try {
      expect(await answers(CONSOLE, IMPERSONATION)).toEqual(allYes(IMPERSONATION));
    } finally {
      await kubectl(mesh.kubeconfig, ['delete', '-f', `${RBAC}/impersonate/impersonate-binding.yaml`]);
    }
  });
});

describe('Istio’s kinds in Kubernetes’ view and edit roles', () => {
  const viewer = 'system:serviceaccount:demo:rbac-viewer';
  const editor = 'system:serviceaccount:demo:rbac-editor';

  beforeAll(async () => {
    for (const [account, role] of [
      ['rbac-viewer', 'view'],
      ['rbac-editor', 'edit'],
    ] as const) {
      await kubectl(mesh.kubeconfig, ['create', 'serviceaccount', account, '-n', 'demo']);
      await kubectl(mesh.kubeconfig, [
        ...['create', 'rolebinding', account, `--clusterrole=${role}`],
        ...[`--serviceaccount=demo:${account}`, '-n', 'demo'],
      ]);
    }
  });

  afterAll(async () => {
    for (const account of ['rbac-viewer', 'rbac-editor']) {
      await kubectl(mesh.kubeconfig, ['delete', 'rolebinding', account, '-n', 'demo', '--ignore-not-found']);
      await kubectl(mesh.kubeconfig, ['delete', 'serviceaccount', account, '-n', 'demo', '--ignore-not-found']);
    }
  });

  it('let someone bound to view in demo read its VirtualServices and AuthorizationPolicies, but not change them nor look elsewhere', async () => {
    const reads = [
      'get virtualservices.networking.istio.io -n demo',
      'list destinationrules.networking.istio.io -n demo',
      'watch authorizationpolicies.security.istio.io -n demo',
      'list httproutes.gateway.networking.k8s.io -n demo',
    ];
    const refused = [
      'patch virtualservices.networking.istio.io -n demo',
      'get virtualservices.networking.istio.io -n istio-system',
    ];
    expect(await answers(viewer, [...reads, ...refused])).toEqual({ ...allYes(reads), ...allNo(refused) });
  });

  it('let someone bound to edit in demo shift its traffic (patch a VirtualService, create a DestinationRule)', async () => {
    const writes = [
      'patch virtualservices.networking.istio.io -n demo',
      'create destinationrules.networking.istio.io -n demo',
      'get virtualservices.networking.istio.io -n demo',
      'update httproutes.gateway.networking.k8s.io -n demo',
    ];
    expect(await answers(editor, writes)).toEqual(allYes(writes));
    expect(await canI(editor, ['patch', 'virtualservices.networking.istio.io', '-n', 'istio-system'])).toBe(false);
  });

  it('takes them back out of view when sextant-istio-view is deleted: the aggregation alone gave them', async () => {
    await kubectl(mesh.kubeconfig, ['delete', '-f', `${RBAC}/istio-view-edit.yaml`]);
    try {
      expect(await canI(viewer, ['get', 'virtualservices.networking.istio.io', '-n', 'demo'])).toBe(false);
    } finally {
      await kubectl(mesh.kubeconfig, ['apply', '-f', `${RBAC}/istio-view-edit.yaml`]);
    }
  });
});
