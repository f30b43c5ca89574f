// One KubeConfig per cluster: the kubeconfig's contexts named by SEXTANT_KUBE_CONTEXTS (else its current one), or
// the pod's service account in the cluster.
import { KubeConfig } from '@kubernetes/client-node';
import type { KubernetesConfig } from '../config.js';
import { KubernetesError } from '../errors.js';

/** One KubeConfig per cluster the configuration names. */
export function kubeConfigsFor(config: KubernetesConfig): { cluster: string; kc: KubeConfig }[] {
  const base = new KubeConfig();
  try {
    if (config.kubeconfig) base.loadFromFile(config.kubeconfig);
    else if (config.inCluster) base.loadFromCluster();
    else base.loadFromDefault();
  } catch (err) {
    throw new KubernetesError(
      'malformed',
      `cannot read the kubeconfig ${config.kubeconfig ?? '(default)'}: ${(err as Error).message} (KUBECONFIG)`,
      err,
    );
  }
  if (config.inCluster && !config.kubeconfig) return [{ cluster: 'in-cluster', kc: base }];
  const contexts = config.contexts.length > 0 ? config.contexts : [base.getCurrentContext()];
  return contexts.map((context) => {
    if (!base.getContextObject(context)) {
      const known =
        base
          .getContexts()
          .map((c) => c.name)
          .join(', ') || 'none';
      throw new KubernetesError(
        'malformed',
        `the kubeconfig has no context "${context}" (SEXTANT_KUBE_CONTEXTS); it has: ${known}`,
      );
    }
    const kc = new KubeConfig();
    kc.loadFromString(base.exportConfig());
    kc.setCurrentContext(context);
    return { cluster: context, kc };
  });
}
