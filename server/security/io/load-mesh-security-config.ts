// MeshConfig's rootNamespace and trustDomain, read from the `istio` ConfigMap of ISTIO_NAMESPACE at most every 30 s
// (as the access-log parser reads its format). Unreadable (403, missing): Istio's defaults. Read with the console's
// own rights, also for a person: it says how their workloads behave, not what they may see.
import type { Sources } from '../../sources/sources.js';
import { meshSecurityConfig, type MeshSecurityConfig } from '../mesh-security-config.js';

const TTL_MS = 30_000;
const cache = new WeakMap<object, { at: number; config: MeshSecurityConfig }>();

export async function loadMeshSecurityConfig(
  sources: Pick<Sources, 'kubernetes' | 'config'>,
  signal?: AbortSignal,
): Promise<MeshSecurityConfig> {
  const cached = cache.get(sources.kubernetes.shared);
  if (cached && Date.now() - cached.at < TTL_MS) return cached.config;
  const ns = sources.config.istioNamespace;
  let mesh: string | null = null;
  try {
    const configMap = (await sources.kubernetes.shared.getJson(
      `/api/v1/namespaces/${encodeURIComponent(ns)}/configmaps/istio`,
      {
        signal,
      },
    )) as { data?: Record<string, string> } | null;
    mesh = configMap?.data?.['mesh'] ?? null;
  } catch (err) {
    if (signal?.aborted) throw err;
  }
  const config = meshSecurityConfig(mesh, ns);
  cache.set(sources.kubernetes.shared, { at: Date.now(), config });
  return config;
}
