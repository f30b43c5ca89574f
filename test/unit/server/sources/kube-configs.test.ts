import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubeConfigsFor } from '../../../../server/sources/kube-configs.js';

const file = join(mkdtempSync(join(tmpdir(), 'sextant-kubeconfig-')), 'config');
writeFileSync(
  file,
  `apiVersion: v1
kind: Config
current-context: east
clusters:
  - name: east
    cluster: { server: 'https://east.example:6443' }
  - name: west
    cluster: { server: 'https://west.example:6443' }
users:
  - name: me
    user: { token: abc }
contexts:
  - name: east
    context: { cluster: east, user: me }
  - name: west
    context: { cluster: west, user: me }
`,
);
const kube = (contexts: string[]) => ({ kubeconfig: file, contexts, inCluster: false, timeoutMs: 1000 });

describe('clusters from the kubeconfig', () => {
  it('uses the current context when none is named', () => {
    const clusters = kubeConfigsFor(kube([]));
    expect(clusters.map((c) => [c.cluster, c.kc.getCurrentCluster()?.server])).toEqual([
      ['east', 'https://east.example:6443'],
    ]);
  });

  it('makes one cluster per named context', () => {
    const clusters = kubeConfigsFor(kube(['west', 'east']));
    expect(clusters.map((c) => [c.cluster, c.kc.getCurrentCluster()?.server])).toEqual([
      ['west', 'https://west.example:6443'],
      ['east', 'https://east.example:6443'],
    ]);
  });

  it('names a context the kubeconfig does not have, and the ones it has', () => {
    expect(() => kubeConfigsFor(kube(['north']))).toThrow(
      'the kubeconfig has no context "north" (SEXTANT_KUBE_CONTEXTS); it has: east, west',
    );
  });

  it('says which kubeconfig it cannot read', () => {
    expect(() => kubeConfigsFor({ ...kube([]), kubeconfig: '/nonexistent/kubeconfig' })).toThrow(
      /cannot read the kubeconfig \/nonexistent\/kubeconfig: .* \(KUBECONFIG\)/,
    );
  });
});
