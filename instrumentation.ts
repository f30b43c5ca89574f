// Next.js calls register() once when a server starts (instrumentation.ts at the project root). The canary runner
// steps the progressing runs on the server, whether or not anyone has the console open; it starts in the Node.js
// runtime only (the Edge runtime has no timers that outlive a request), unless SEXTANT_CANARY_RUNNER=off. A cluster
// that is down at start is retried by the canary routes' first call.
export async function register(): Promise<void> {
  // process.env.NEXT_RUNTIME spelled with a dot: Next replaces it at build time, so the Edge bundle drops the import.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { ensureCanaryRunner } = await import('./server/traffic/canary/io/canary-runner.js');
    ensureCanaryRunner().catch((err: unknown) =>
      console.error('canary runner: not started (the canary routes retry):', (err as Error).message),
    );
  }
}
