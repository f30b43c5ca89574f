// Who else writes an object: a GitOps tool or Helm whose next sync puts back what is in its repository or chart, so a
// change made here lasts only until then. The marks each leaves, as their docs and code name them:
// - Argo CD: the annotation argocd.argoproj.io/tracking-id ("<app>:<group>/<Kind>:<namespace>/<name>", annotation
//   tracking), or the label app.kubernetes.io/instance (label tracking, the default before 3.0) or
//   argocd.argoproj.io/instance (the usual custom instanceLabelKey); field manager argocd-controller (argo-cd
//   common.ArgoCDSSAManager) when it syncs with server-side apply;
// - Flux: labels kustomize.toolkit.fluxcd.io/name + /namespace (kustomize-controller) or helm.toolkit.fluxcd.io/name
//   + /namespace (helm-controller), which are also its field managers;
// - Helm: label app.kubernetes.io/managed-by=Helm with annotations meta.helm.sh/release-name and -namespace.
// Any other manager that owns fields by server-side apply (operation Apply) may re-apply them too.
import type { KubeObject } from '../sources/kubernetes.js';
import { FIELD_MANAGER } from './plan-types.js';

export interface GitopsOwner {
  tool: 'argocd' | 'flux' | 'helm' | 'field-manager';
  /** A sentence: who owns the object and that their next sync undoes the change. */
  message: string;
}

const ARGO_MANAGERS = new Set(['argocd-controller', 'argocd-application-controller']);
const FLUX_MANAGERS = new Set(['kustomize-controller', 'helm-controller']);
const HELM_MANAGERS = new Set(['helm']);

interface ManagedField {
  manager?: string;
  operation?: string;
}

export function gitopsOwners(obj: KubeObject): GitopsOwner[] {
  const labels = obj.metadata.labels ?? {};
  const annotations = obj.metadata.annotations ?? {};
  const what = `${obj.kind ?? 'object'} ${obj.metadata.name}`;
  const undo = 'its next sync will undo this change; commit the change to the repository instead';
  const owners: GitopsOwner[] = [];
  const managers = (Array.isArray(obj.metadata.managedFields) ? (obj.metadata.managedFields as ManagedField[]) : [])
    .map((m) => ({ name: m.manager ?? '', operation: m.operation ?? '' }))
    .filter((m) => m.name !== '');
  const has = (set: Set<string>) => managers.some((m) => set.has(m.name));

  const helmRelease = annotations['meta.helm.sh/release-name'];
  const isHelm = labels['app.kubernetes.io/managed-by'] === 'Helm' || helmRelease !== undefined;
  const argoApp =
    annotations['argocd.argoproj.io/tracking-id']?.split(':')[0] ??
    labels['argocd.argoproj.io/instance'] ??
    (isHelm ? undefined : labels['app.kubernetes.io/instance']);
  if (argoApp !== undefined || has(ARGO_MANAGERS))
    owners.push({
      tool: 'argocd',
      message: `${what} is managed by Argo CD${argoApp ? ` (application ${argoApp})` : ''}: ${undo}`,
    });

  const kustomization = labels['kustomize.toolkit.fluxcd.io/name'];
  const helmReleaseFlux = labels['helm.toolkit.fluxcd.io/name'];
  if (kustomization !== undefined || helmReleaseFlux !== undefined || has(FLUX_MANAGERS)) {
    const source = kustomization
      ? ` (Kustomization ${labels['kustomize.toolkit.fluxcd.io/namespace'] ?? ''}/${kustomization})`
      : helmReleaseFlux
        ? ` (HelmRelease ${labels['helm.toolkit.fluxcd.io/namespace'] ?? ''}/${helmReleaseFlux})`
        : '';
    owners.push({ tool: 'flux', message: `${what} is managed by Flux${source}: ${undo}` });
  }

  // Flux's helm-controller installs with Helm, leaving Helm's marks too: one sentence for it is enough.
  if ((isHelm || has(HELM_MANAGERS)) && helmReleaseFlux === undefined)
    owners.push({
      tool: 'helm',
      message:
        `${what} is installed by Helm${helmRelease ? ` (release ${helmRelease})` : ''}: ` +
        'the next helm upgrade will undo this change; change the chart or its values instead',
    });

  const known = new Set([...ARGO_MANAGERS, ...FLUX_MANAGERS, ...HELM_MANAGERS, FIELD_MANAGER]);
  for (const m of managers)
    if (m.operation === 'Apply' && !known.has(m.name) && !m.name.startsWith('kubectl'))
      owners.push({
        tool: 'field-manager',
        message: `${what} has fields applied by ${m.name} (server-side apply): its next apply may undo this change`,
      });
  return owners;
}
