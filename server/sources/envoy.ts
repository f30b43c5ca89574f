// Envoy admin (port 15000) of a pod's istio-proxy, reached through the API server's pods/proxy as Kiali does. Every
// request passes the read-only allow-list (envoy-admin-paths.ts) on its way out, whichever method asked for it, so no
// caller can reach /quitquitquit, /logging or another port through this source.
import { NotFoundError, EnvoyError, SourceError } from '../errors.js';
import { allowedAdminPath } from './envoy-admin-paths.js';
import type { KubernetesSource } from './kubernetes.js';

export const ENVOY_ADMIN_PORT = 15000;

export interface EnvoySource {
  /** GET /config_dump; `resource` picks one section (e.g. dynamic_active_clusters), `include_eds` adds endpoints. */
  configDump(
    target: PodRef,
    options?: { resource?: string; includeEds?: boolean; signal?: AbortSignal },
  ): Promise<EnvoyConfigDump>;
  serverInfo(target: PodRef, options?: { signal?: AbortSignal }): Promise<Record<string, unknown>>;
  clusters(target: PodRef, options?: { signal?: AbortSignal }): Promise<Record<string, unknown>>;
  /** `/stats`, `filter` a regular expression over the stat names (Envoy matches it partially). */
  stats(target: PodRef, options?: { filter?: string; signal?: AbortSignal }): Promise<string>;
  certs(target: PodRef, options?: { signal?: AbortSignal }): Promise<Record<string, unknown>>;
  /** An admin path of the allow-list, as text; anything else throws RefusedError (403) and is never sent. */
  adminText(target: PodRef, path: string, options?: { signal?: AbortSignal }): Promise<string>;
}

export interface PodRef {
  namespace: string;
  pod: string;
}

export interface EnvoyConfigDump {
  configs: ({ '@type': string } & Record<string, unknown>)[];
}

export function createEnvoySource(kubernetes: KubernetesSource, config: { timeoutMs: number }): EnvoySource {
  async function text(target: PodRef, asked: string, signal?: AbortSignal): Promise<string> {
    const path = allowedAdminPath(asked); // throws before anything leaves the console
    try {
      return await kubernetes.proxyGet(
        { ...target, port: ENVOY_ADMIN_PORT, path },
        { signal, timeoutMs: config.timeoutMs },
      );
    } catch (err) {
      if (err instanceof NotFoundError || !(err instanceof SourceError)) throw err;
      const who = `Envoy admin of ${target.namespace}/${target.pod}`;
      if (err.reason === 'timeout')
        throw new EnvoyError(
          'timeout',
          `${who} did not answer ${path} in ${config.timeoutMs / 1000} s through pods/proxy`,
          err,
        );
      if (err.reason === 'rejected')
        throw new EnvoyError(
          'rejected',
          `${who} could not be asked for ${path}: ${err.message}; does the pod run an istio-proxy sidecar?`,
          err,
        );
      throw new EnvoyError(err.reason, `${who} is unreachable through pods/proxy: ${err.message}`, err);
    }
  }

  async function json<T>(target: PodRef, path: string, signal?: AbortSignal): Promise<T> {
    const body = await text(target, path, signal);
    try {
      return JSON.parse(body) as T;
    } catch (err) {
      throw new EnvoyError(
        'malformed',
        `Envoy admin of ${target.namespace}/${target.pod} answered ${path} with something other than JSON`,
        err,
      );
    }
  }

  return {
    async configDump(target, options = {}) {
      const params = new URLSearchParams();
      if (options.resource) params.set('resource', options.resource);
      if (options.includeEds) params.set('include_eds', '');
      const query = params.size > 0 ? `?${params.toString().replace(/=(&|$)/g, '$1')}` : '';
      const dump = await json<EnvoyConfigDump>(target, `/config_dump${query}`, options.signal);
      if (!Array.isArray(dump.configs))
        throw new EnvoyError(
          'malformed',
          `Envoy admin of ${target.namespace}/${target.pod} answered a config_dump without configs`,
        );
      return dump;
    },
    serverInfo: (target, options = {}) => json(target, '/server_info', options.signal),
    clusters: (target, options = {}) => json(target, '/clusters?format=json', options.signal),
    stats: (target, options = {}) =>
      text(target, options.filter ? `/stats?filter=${encodeURIComponent(options.filter)}` : '/stats', options.signal),
    certs: (target, options = {}) => json(target, '/certs', options.signal),
    adminText: (target, path, options = {}) => text(target, path, options.signal),
  };
}
