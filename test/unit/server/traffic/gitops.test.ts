// GitOps ownership: the marks Argo CD (tracking-id annotation, instance label, field manager argocd-controller,
// argo-cd common.ArgoCDSSAManager), Flux (kustomize.toolkit.fluxcd.io / helm.toolkit.fluxcd.io labels, managers
// kustomize-controller and helm-controller) and Helm (managed-by Helm, meta.helm.sh annotations) leave on what they
// apply; each gets a warning that the next sync undoes the change, with the change as a patch to commit.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../server/sources/kubernetes.js';
import { gitopsOwners } from '../../../../server/traffic/gitops-owners.js';
import { gitopsWarnings } from '../../../../server/traffic/gitops-warnings.js';
import { saLogic } from './fixture-input.js';
import { planOf } from './plan-helpers.js';

const vs = (metadata: Partial<KubeObject['metadata']>): KubeObject => ({
  kind: 'VirtualService',
  metadata: { name: 'sa-logic', namespace: 'default', ...metadata },
});

describe('gitopsOwners', () => {
  it('knows Argo CD by its tracking annotation, its instance labels and its field manager', () => {
    const tracked = vs({
      annotations: {
        'argocd.argoproj.io/tracking-id': 'sentiment:networking.istio.io/VirtualService:default/sa-logic',
      },
    });
    expect(gitopsOwners(tracked)).toEqual([
      {
        tool: 'argocd',
        message:
          'VirtualService sa-logic is managed by Argo CD (application sentiment): its next sync will undo this change; commit the change to the repository instead',
      },
    ]);
    expect(gitopsOwners(vs({ labels: { 'app.kubernetes.io/instance': 'sentiment' } }))[0]?.tool).toBe('argocd');
    expect(gitopsOwners(vs({ labels: { 'argocd.argoproj.io/instance': 'sentiment' } }))[0]?.tool).toBe('argocd');
    expect(gitopsOwners(vs({ managedFields: [{ manager: 'argocd-controller', operation: 'Apply' }] }))[0]?.tool).toBe(
      'argocd',
    );
  });

  it('knows Flux’s Kustomization and HelmRelease', () => {
    const kustomized = vs({
      labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' },
    });
    expect(gitopsOwners(kustomized)).toEqual([
      {
        tool: 'flux',
        message:
          'VirtualService sa-logic is managed by Flux (Kustomization flux-system/apps): its next sync will undo this change; commit the change to the repository instead',
      },
    ]);
    const released = vs({
      labels: {
        'helm.toolkit.fluxcd.io/name': 'web',
        'helm.toolkit.fluxcd.io/namespace': 'apps',
        'app.kubernetes.io/managed-by': 'Helm',
      },
      annotations: { 'meta.helm.sh/release-name': 'web' },
    });
    expect(gitopsOwners(released).map((o) => o.tool)).toEqual(['flux']);
  });

  it('knows Helm, and does not take a chart’s instance label for Argo CD', () => {
    const helm = vs({
      labels: { 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': 'web' },
      annotations: { 'meta.helm.sh/release-name': 'web', 'meta.helm.sh/release-namespace': 'default' },
    });
    expect(gitopsOwners(helm)).toEqual([
      {
        tool: 'helm',
        message:
          'VirtualService sa-logic is installed by Helm (release web): the next helm upgrade will undo this change; change the chart or its values instead',
      },
    ]);
  });

  it('names another server-side apply manager, and none for kubectl or Sextant', () => {
    const managed = vs({
      managedFields: [
        { manager: 'kubectl-client-side-apply', operation: 'Update' },
        { manager: 'sextant', operation: 'Apply' },
        { manager: 'platform-operator', operation: 'Apply' },
      ],
    });
    expect(gitopsOwners(managed).map((o) => o.message)).toEqual([
      'VirtualService sa-logic has fields applied by platform-operator (server-side apply): its next apply may undo this change',
    ]);
    expect(gitopsOwners(vs({}))).toEqual([]);
  });
});

describe('gitopsWarnings', () => {
  it('warns on an Argo CD-labelled VirtualService the plan edits, with its manifest after the change to commit', () => {
    const input = saLogic('sa-logic-vs.yaml', 'sa-logic-dr.yaml');
    input.virtualServices[0]!.metadata.annotations = {
      'argocd.argoproj.io/tracking-id': 'sentiment:networking.istio.io/VirtualService:default/sa-logic',
    };
    const plan = planOf(input, { weights: { v1: 90, v2: 10 } });
    const warnings = gitopsWarnings(input, plan);
    expect(warnings).toHaveLength(1); // the DestinationRule is unchanged: no warning for it
    expect(warnings[0]).toMatchObject({ kind: 'gitops', object: { kind: 'VirtualService', name: 'sa-logic' } });
    expect(warnings[0]?.patch).toContain('weight: 10');
    expect(warnings[0]?.patch).not.toContain('resourceVersion');
  });

  it('offers Flux’s kustomize users a patches entry with the JSON patch', () => {
    const input = saLogic('sa-logic-vs.yaml', 'sa-logic-dr.yaml');
    input.virtualServices[0]!.metadata.labels = { 'kustomize.toolkit.fluxcd.io/name': 'apps' };
    const [warning] = gitopsWarnings(input, planOf(input, { weights: { v1: 90, v2: 10 } }));
    expect(warning?.patch).toContain('patches:');
    expect(warning?.patch).toContain('kind: VirtualService');
    expect(warning?.patch).toContain('op: replace');
  });
});
