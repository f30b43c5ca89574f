// A second console for the login tests, on the shared mesh and Prometheus but with its own login strategy: started
// the way global-setup starts the first (the same build), once per test file.
import { resolve } from 'node:path';
import { startConsole, type ConsoleProcess } from '../../scripts/console-process.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** A session secret for the tests' consoles; the tests seal cookies with it too (an expired one). */
export const TEST_SESSION_SECRET = 'sextant-e2e-session-secret-0123456789abcdef';

export function startConsoleWithLogin(options: {
  port: number;
  kubeconfig: string;
  env: Record<string, string>;
}): Promise<ConsoleProcess> {
  return startConsole({
    root: ROOT,
    port: options.port,
    env: {
      KUBECONFIG: options.kubeconfig,
      SEXTANT_SESSION_SECRET: TEST_SESSION_SECRET,
      ...options.env,
    },
  });
}
