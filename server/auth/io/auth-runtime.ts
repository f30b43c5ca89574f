// The process-wide login machinery, made once from the configuration: the session key, the OpenID client (its
// discovery cached), the Kubernetes reviews on the first cluster.
import { loadAuthConfig, loadConfig } from '../../config.js';
import { kubeConfigsFor } from '../../sources/kube-configs.js';
import type { AuthConfig } from '../auth-config.js';
import { authenticate, type AuthDeps, type Authenticated } from '../authenticate.js';
import { sessionKey } from '../session-cookie.js';
import { createKubeReviews, type KubeReviews } from './kube-reviews.js';
import { createOpenidLogin, type OpenidLogin } from './openid-login.js';

// Next.js may load this module once per route bundle; globalThis keeps one per process (as sources.ts does).
const slot = globalThis as typeof globalThis & { __sextantAuth?: AuthDeps };

export function getAuth(): AuthDeps {
  if (slot.__sextantAuth) return slot.__sextantAuth;
  const config: AuthConfig = loadAuthConfig();
  let reviews: KubeReviews | undefined;
  let openid: OpenidLogin | undefined;
  const deps: AuthDeps = {
    config,
    key: config.sessionSecret ? sessionKey(config.sessionSecret) : null,
    async reviews() {
      if (!reviews) {
        const kube = loadConfig().kubernetes;
        reviews = createKubeReviews(kubeConfigsFor(kube)[0]!.kc, kube.timeoutMs);
      }
      return reviews;
    },
    openid() {
      openid ??= createOpenidLogin(config.openid!);
      return openid;
    },
    verifiedTokens: new Map(),
    nowMs: () => Date.now(),
  };
  slot.__sextantAuth = deps;
  return deps;
}

/** Who the request is for; RefusedError 401 when the strategy needs a login and there is none. */
export function authenticateRequest(req: Request): Promise<Authenticated> {
  return authenticate(req, getAuth());
}
