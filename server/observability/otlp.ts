// Exports the console's spans (telemetry.ts inSpan: one per route, a child per source call) over OTLP/HTTP when the
// operator sets the standard OpenTelemetry variables, and does nothing at all otherwise: the SDK is imported only
// then, so an unset console loads no exporter and its spans stay @opentelemetry/api's no-ops.
import { log } from './log.js';

type Env = Record<string, string | undefined>;

export interface OtlpSettings {
  /** Where the spans are POSTed (OTLP/HTTP, JSON). */
  tracesUrl: string;
  serviceName: string;
  /** How long spans wait to be sent together (OTEL_BSP_SCHEDULE_DELAY). */
  scheduleDelayMs: number;
}

const DEFAULT_SERVICE_NAME = 'sextant';
const DEFAULT_SCHEDULE_DELAY_MS = 5_000; // the specification's default for OTEL_BSP_SCHEDULE_DELAY

/**
 * The exporter's settings from the environment, as the OpenTelemetry specification reads it ("OpenTelemetry Protocol
 * Exporter", "Environment Variable Specification"): OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is the URL as is;
 * OTEL_EXPORTER_OTLP_ENDPOINT is a base to which `v1/traces` is appended; the first wins. Null when neither is set, or
 * when OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER names no `otlp` (e.g. `none`). Throws, naming the setting, for
 * what it cannot honour.
 */
export function otlpSettings(env: Env): OtlpSettings | null {
  if (env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true') return null;
  const exporters = env['OTEL_TRACES_EXPORTER']?.trim();
  if (exporters && !exporters.split(',').some((e) => e.trim() === 'otlp')) return null;
  const specific = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']?.trim();
  const base = env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim();
  if (!specific && !base) return null;
  const [name, raw] = specific
    ? ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', specific]
    : ['OTEL_EXPORTER_OTLP_ENDPOINT', `${base!.endsWith('/') ? base : `${base}/`}v1/traces`];
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(
      `${name} is "${raw}", not a URL; set it to the collector's OTLP/HTTP address, e.g. http://otel-collector:4318`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`${name} is "${raw}"; Sextant exports over OTLP/HTTP, so use an http:// or https:// URL`);
  const protocol = (env['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'] ?? env['OTEL_EXPORTER_OTLP_PROTOCOL'])?.trim();
  if (protocol === 'grpc')
    throw new Error(
      'OTEL_EXPORTER_OTLP_PROTOCOL is grpc; Sextant exports over OTLP/HTTP (JSON): point the endpoint at the collector’s HTTP port (4318) and unset the protocol or set it to http/json',
    );
  const delay = env['OTEL_BSP_SCHEDULE_DELAY']?.trim();
  const scheduleDelayMs = delay ? Number(delay) : DEFAULT_SCHEDULE_DELAY_MS;
  if (!Number.isFinite(scheduleDelayMs) || scheduleDelayMs < 0)
    throw new Error(`OTEL_BSP_SCHEDULE_DELAY is "${delay}"; give milliseconds, e.g. 5000`);
  return {
    tracesUrl: url.toString(),
    serviceName: env['OTEL_SERVICE_NAME']?.trim() || DEFAULT_SERVICE_NAME,
    scheduleDelayMs,
  };
}

/**
 * Registers the OpenTelemetry SDK (a tracer provider, AsyncLocalStorage context so that a source call's span is the
 * child of its route's, a batching OTLP/HTTP exporter) when the environment asks for it. Returns what flushes and stops
 * it, or null when nothing was registered. A setting it cannot honour is logged, and the console runs on without spans.
 */
export async function startOtlpTracing(env: Env): Promise<(() => Promise<void>) | null> {
  let settings: OtlpSettings | null;
  try {
    settings = otlpSettings(env);
  } catch (err) {
    log.error(`OpenTelemetry: spans are not exported: ${(err as Error).message}`);
    return null;
  }
  if (!settings) return null;
  const [
    api,
    { TracerProvider, BatchSpanProcessor },
    { AsyncLocalStorageContextManager },
    exporter,
    resources,
    semconv,
  ] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/sdk-trace'),
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/semantic-conventions'),
  ]);
  // The SDK tells of its troubles (a collector that cannot be reached, a refused export) through its diagnostic
  // logger, silent unless set: they go to the console's log, as warnings, redacted as every line is.
  const diagnostic = (message: string, ...args: unknown[]) => {
    // Its error handler writes an error as JSON (@opentelemetry/core loggingErrorHandler): read it back as one.
    const err = errorInJson(message);
    log.warn(`OpenTelemetry: ${err ? err.message : message}`, {
      ...(err ? { err } : {}),
      ...(args.length > 0 ? { details: args } : {}),
    });
  };
  api.diag.setLogger(
    { error: diagnostic, warn: diagnostic, info: () => undefined, debug: () => undefined, verbose: () => undefined },
    { logLevel: api.DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (the env detector) over Sextant's own name.
  const resource = resources
    .resourceFromAttributes({ [semconv.ATTR_SERVICE_NAME]: settings.serviceName })
    .merge(resources.detectResources({ detectors: [resources.envDetector] }));
  const provider = new TracerProvider({
    resource,
    spanProcessors: [
      new BatchSpanProcessor({
        // OTEL_EXPORTER_OTLP_HEADERS and the timeouts are read by the exporter itself.
        exporter: new exporter.OTLPTraceExporter({ url: settings.tracesUrl }),
        scheduledDelayMillis: settings.scheduleDelayMs,
      }),
    ],
  });
  api.trace.setGlobalTracerProvider(provider);
  log.info('OpenTelemetry: exporting spans over OTLP/HTTP (JSON)', {
    tracesUrl: settings.tracesUrl,
    serviceName: settings.serviceName,
  });
  return () => provider.shutdown();
}

function errorInJson(text: string): { message: string } | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string'
      ? (value as { message: string })
      : undefined;
  } catch {
    return undefined;
  }
}
