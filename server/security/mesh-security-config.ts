// The two MeshConfig settings the security answer needs, from the `mesh` key (YAML) of the `istio` ConfigMap
// (istio.io, reference/config/istio.mesh.v1alpha1): rootNamespace, whose selector-less policies apply to the whole
// mesh (default: the namespace Istio is installed in), and trustDomain, the first part of every SPIFFE principal
// (default cluster.local).
import { parse } from 'yaml';

export interface MeshSecurityConfig {
  rootNamespace: string;
  trustDomain: string;
}

export function meshSecurityConfig(meshYaml: string | null | undefined, istioNamespace: string): MeshSecurityConfig {
  const defaults = { rootNamespace: istioNamespace, trustDomain: 'cluster.local' };
  if (!meshYaml) return defaults;
  let mesh: unknown;
  try {
    mesh = parse(meshYaml);
  } catch {
    return defaults;
  }
  const m = (typeof mesh === 'object' && mesh !== null ? mesh : {}) as Record<string, unknown>;
  const text = (v: unknown, fallback: string) => (typeof v === 'string' && v.trim() ? v.trim() : fallback);
  return {
    rootNamespace: text(m['rootNamespace'], defaults.rootNamespace),
    trustDomain: text(m['trustDomain'], defaults.trustDomain),
  };
}
