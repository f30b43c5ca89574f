// Runs once when the console's server starts (Next's instrumentation convention). Only the Node.js runtime exports
// spans; the SDK is loaded only when OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set.
export async function register(): Promise<void> {
  if (process.env['NEXT_RUNTIME'] !== 'nodejs') return;
  const { startOtlpTracing } = await import('./server/observability/otlp.js');
  await startOtlpTracing(process.env);
}
