// A second console for the login tests, on the shared mesh and Prometheus but with its own login strategy: started
// the way global-setup starts the first (the same build), once per test file.
import { resolve } from 'node:path';
import { freePort } from '@sextant/mesh-in-a-box';
import { startConsole, type ConsoleProcess } from '../../scripts/console-process.js';
import { startOidcProvider, type LocalOidcProvider } from './auth-oidc-provider.js';

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

/**
 * A real OpenID provider on loopback (the article's users) and a console logging people in through it, calling
 * Kubernetes as them by impersonation: the openid browser tests' shared start.
 */
export async function startOpenidConsole(options: {
  kubeconfig: string;
  idTokenSeconds: number;
}): Promise<{ provider: LocalOidcProvider; consoleApp: ConsoleProcess }> {
  const [consolePort, providerPort] = [await freePort(), await freePort()];
  const consoleUrl = `http://127.0.0.1:${consolePort}`;
  const provider = await startOidcProvider({ port: providerPort, consoleUrl, idTokenSeconds: options.idTokenSeconds });
  const consoleApp = await startConsoleWithLogin({
    port: consolePort,
    kubeconfig: options.kubeconfig,
    env: {
      SEXTANT_AUTH_STRATEGY: 'openid',
      SEXTANT_OIDC_ISSUER: provider.issuer,
      SEXTANT_OIDC_CLIENT_ID: provider.clientId,
      SEXTANT_OIDC_SCOPES: 'openid profile groups',
      SEXTANT_OIDC_IMPERSONATE: 'true',
    },
  });
  return { provider, consoleApp };
}
