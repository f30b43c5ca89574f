// The process-wide login machinery, made once from the configuration: the session key, the OpenID client (its
// discovery cached), the Kubernetes reviews on the first cluster.
import { loadAuthConfig, loadConfig } from '../../config.js';
import { log } from '../../observability/log.js';
import { kubeConfigsFor } from '../../sources/kube-configs.js';
import type { AuthConfig } from '../auth-config.js';
import { authenticate, type AuthDeps, type Authenticated } from '../authenticate.js';
import { sessionKey } from '../session-cookie.js';
import { createKubeReviews, type KubeReviews } from './kube-reviews.js';
import { createAccessCache, type AccessCache } from './user-access.js';
import { createOpenidLogin, type OpenidLogin } from './openid-login.js';

// Next.js may load this module once per route bundle; globalThis keeps one per process (as sources.ts does).
const slot = globalThis as typeof globalThis & { __sextantAuth?: AuthDeps & RightsDeps };

/** A person's rights, asked of the cluster as them (server/auth/io/user-sources.ts reads them). */
interface RightsDeps {
  access(): Promise<AccessCache>;
  /** The rights cache once a person's rights were first asked (for /metrics, which must not create it). */
  accessIfMade(): AccessCache | undefined;
}

export function getAuth(): AuthDeps & RightsDeps {
  if (slot.__sextantAuth) return slot.__sextantAuth;
  const config: AuthConfig = loadAuthConfig();
  // Hunted in every log line, wherever they might surface.
  log.addSecrets([config.sessionSecret, config.openid?.clientSecret, config.header?.proxySecret]);
  let reviews: KubeReviews | undefined;
  let openid: OpenidLogin | undefined;
  let access: AccessCache | undefined;
  const deps: AuthDeps & RightsDeps = {
    config,
    key: config.sessionSecret ? sessionKey(config.sessionSecret) : null,
    async reviews() {
      if (!reviews) {
        const kube = loadConfig().kubernetes;
        reviews = createKubeReviews(kubeConfigsFor(kube)[0]!.kc, kube.timeoutMs);
      }
      return reviews;
    },
    async access() {
      if (!access) {
        const kube = await deps.reviews();
        access = createAccessCache({
          rulesIn: (credentials, namespace, signal) => kube.rulesIn(credentials, namespace, signal),
          ttlMs: config.rightsTtlSeconds * 1000,
          nowMs: () => Date.now(),
        });
      }
      return access;
    },
    accessIfMade: () => access,
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

/** The rights cache if a person's rights were asked already (for /metrics, which must not create it). */
export function accessIfMade(): AccessCache | undefined {
  return slot.__sextantAuth?.accessIfMade();
}

/** Who the request is for; RefusedError 401 when the strategy needs a login and there is none. */
export function authenticateRequest(req: Request): Promise<Authenticated> {
  return authenticate(req, getAuth());
}
