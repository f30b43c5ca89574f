// All outside systems the console reads, built once from the configuration.
import { attachProcessChangeLog } from '../changes/io/change-recorder.js';
import { UNRESTRICTED_ACCESS, type UserAccess } from '../auth/access-rules.js';
import { loadConfig, type SextantConfig } from '../config.js';
import { log } from '../observability/log.js';
import { detached } from '../observability/telemetry.js';
import { createEnvoySource, type EnvoySource } from './envoy.js';
import { createJaegerSource, type JaegerSource } from './jaeger.js';
import { kubeConfigsFor } from './kube-configs.js';
import { createKubernetesSource, type KubernetesSource } from './kubernetes.js';
import { createPrometheusSource, type PrometheusSource } from './prometheus.js';
import { createTempoSource, type TempoSource } from './tempo.js';

/** The metricsError of every view when PROMETHEUS_URL is not set. */
export const PROMETHEUS_NOT_CONFIGURED = 'Prometheus is not configured (set PROMETHEUS_URL): health reflects pods only';

export interface Sources {
  config: SextantConfig;
  /** The first cluster (the current or first listed context). */
  kubernetes: KubernetesSource;
  /** Every configured cluster, by context name. */
  clusters: Map<string, KubernetesSource>;
  /** null when PROMETHEUS_URL is not set. */
  prometheus: PrometheusSource | null;
  /** null when JAEGER_URL is not set. */
  jaeger: JaegerSource | null;
  /** null when TEMPO_URL is not set; when set, the traces come from Tempo. */
  tempo: TempoSource | null;
  envoy: EnvoySource;
  /**
   * What the person these sources act for may do (server/auth/io/user-sources.ts); unrestricted for the console's
   * own sources. Prometheus and Jaeger answers are filtered with it by the loaders that read them.
   */
  access: UserAccess;
  /** Starts the Kubernetes caches and waits for their first list. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createSources(config: SextantConfig): Sources {
  const clusters = new Map<string, KubernetesSource>();
  for (const { cluster, kc } of kubeConfigsFor(config.kubernetes)) {
    clusters.set(cluster, createKubernetesSource({ cluster, kc, timeoutMs: config.kubernetes.timeoutMs }));
  }
  const kubernetes = clusters.values().next().value!;
  return {
    config,
    kubernetes,
    clusters,
    prometheus: config.prometheus ? createPrometheusSource(config.prometheus) : null,
    jaeger: config.jaeger ? createJaegerSource(config.jaeger) : null,
    tempo: config.tempo ? createTempoSource(config.tempo) : null,
    envoy: createEnvoySource(kubernetes, config.envoy),
    access: UNRESTRICTED_ACCESS,
    async start() {
      await Promise.all([...clusters.values()].map((k) => k.start()));
    },
    async stop() {
      await Promise.all([...clusters.values()].map((k) => k.stop()));
    },
  };
}

// Next.js may load this module more than once (one bundle per route); globalThis keeps one cache per process.
// `__sextantStarting` holds the same sources as soon as they exist, before their caches have synced (for the probes).
const slot = globalThis as typeof globalThis & { __sextantSources?: Promise<Sources>; __sextantStarting?: Sources };

/** The process-wide sources, configured from the environment and started on first use. */
export function getSources(): Promise<Sources> {
  if (!slot.__sextantSources) {
    const starting = detached(async () => {
      const config = loadConfig();
      // Wherever they might surface (an error quoting a URL or a request), they are hunted in every log line.
      log.addSecrets([config.prometheus?.token, config.prometheus?.password]);
      const sources = createSources(config);
      slot.__sextantStarting = sources;
      // Before the caches' first list, so that it sees every Istio object come in (charts mark their changes).
      attachProcessChangeLog(sources.kubernetes, sources.config.istioNamespace);
      try {
        await sources.start();
      } catch (err) {
        await sources.stop();
        throw err;
      }
      return sources;
    });
    slot.__sextantSources = starting;
    // A failed start (cluster down at boot) is retried by the next request rather than remembered forever.
    starting.catch(() => {
      if (slot.__sextantSources !== starting) return;
      slot.__sextantSources = undefined;
      slot.__sextantStarting = undefined;
    });
  }
  return slot.__sextantSources;
}

/** The process-wide sources once created, synced or not (for /metrics, which must not create them). */
export function sourcesIfMade(): Sources | undefined {
  return slot.__sextantStarting;
}

/**
 * The process-wide sources without waiting for their caches to sync: started, or still starting (the first call
 * starts them, as getSources does). Rejects with what creating them threw: the configuration, the kubeconfig.
 */
export async function sourcesNow(): Promise<Sources> {
  const starting = getSources();
  const created = slot.__sextantStarting;
  if (!created) return starting;
  starting.catch(() => undefined); // a failed start is getSources' to report; meanwhile these sources say how far they got
  return created;
}
