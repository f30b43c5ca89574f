import type { IncomingMessage } from 'node:http';
import type { ObjectStore } from '../../store/object-store.js';
import { groupResource } from '../../store/kube-object.js';
import { ApiError } from '../api-error.js';
import { OidcAuthenticator, type OidcOptions } from './oidc-authenticator.js';
import { RbacAuthorizer } from './rbac-authorizer.js';
import { ServiceAccountTokens } from './service-account-tokens.js';
import {
  ALL_AUTHENTICATED,
  anonymousUser,
  serviceAccountGroups,
  serviceAccountUsername,
  SYSTEM_MASTERS,
  type UserInfo,
} from './user-info.js';

// Authentication as the API server chains it (k8s.io/apiserver pkg/authentication/request/union and the
// kube-apiserver's authenticator config): a static token (--token-auth-file: the admin of the kubeconfig the mesh
// writes), then service account tokens, then OIDC ID tokens; a token none of them accepts is a 401; no token at all
// is system:anonymous (--anonymous-auth, on by default), whom RBAC lets do almost nothing.

/** The static admin of the kubeconfig the mesh writes: system:masters, bound to cluster-admin. */
export const ADMIN_USER: UserInfo = {
  username: 'mesh-admin',
  uid: 'mesh-admin',
  groups: [SYSTEM_MASTERS, ALL_AUTHENTICATED],
};
/** The token of the kubeconfig the mesh writes, unless the mesh is started with another. */
export const DEFAULT_ADMIN_TOKEN = 'mesh-in-a-box';

const SERVICE_ACCOUNTS = groupResource('', 'serviceaccounts');

export interface KubeAuthOptions {
  store: ObjectStore;
  adminToken?: string;
  oidc?: OidcOptions;
  now?: () => number;
}

export type TokenOutcome = { user: UserInfo; audiences: string[] } | { error: string };

/** The API server's 401 (k8s.io/apiserver endpoints/handlers/responsewriters Unauthorized via apierrors). */
export const unauthorized = () => new ApiError(401, 'Unauthorized', 'Unauthorized');

export class KubeAuth {
  readonly authorizer: RbacAuthorizer;
  /** --api-audiences: what a token must be meant for to be accepted by this API server. */
  readonly apiAudiences: string[];
  readonly adminToken: string;
  private readonly oidc: OidcAuthenticator | undefined;
  private readonly now: () => number;

  private constructor(
    private readonly store: ObjectStore,
    readonly serviceAccountTokens: ServiceAccountTokens,
    options: KubeAuthOptions,
  ) {
    this.authorizer = new RbacAuthorizer(store);
    this.apiAudiences = [serviceAccountTokens.issuer];
    this.adminToken = options.adminToken ?? DEFAULT_ADMIN_TOKEN;
    this.oidc = options.oidc && new OidcAuthenticator(options.oidc);
    this.now = options.now ?? Date.now;
  }

  static async create(options: KubeAuthOptions): Promise<KubeAuth> {
    return new KubeAuth(options.store, await ServiceAccountTokens.create(), options);
  }

  /** Who sent the request: the bearer token's user, or system:anonymous without one; a bad token is a 401. */
  async authenticateRequest(req: IncomingMessage): Promise<UserInfo> {
    const header = (req.headers.authorization ?? '').trim();
    const parts = header.split(' ');
    // bearertoken.go: anything but a Bearer header is no credential; "Bearer" with nothing after it is a bad one.
    if (parts.length < 2 || parts[0]!.toLowerCase() !== 'bearer') return anonymousUser();
    const outcome = await this.authenticateToken(parts[1]!);
    if ('error' in outcome) throw unauthorized();
    return outcome.user;
  }

  /** Checks a token as the authenticators do, for requests and for TokenReview (with its spec.audiences). */
  async authenticateToken(token: string, wanted: string[] = []): Promise<TokenOutcome> {
    const audiences = wanted.length > 0 ? wanted.filter((a) => this.apiAudiences.includes(a)) : this.apiAudiences;
    if (token === '') return { error: 'invalid bearer token' };
    // Tokens that are not audience-aware (static, OIDC) count for the API server's own audiences.
    const plain = (user: UserInfo): TokenOutcome =>
      audiences.length > 0
        ? { user, audiences }
        : { error: 'token audiences do not intersect the API server audiences' };
    if (token === this.adminToken) return plain(ADMIN_USER);
    const sa = this.serviceAccountTokens;
    if (sa.claimsOurIssuer(token)) {
      try {
        const claims = await sa.verify(token, wanted.length > 0 ? wanted : this.apiAudiences, this.now());
        const account = this.store.get(SERVICE_ACCOUNTS, claims.namespace, claims.name);
        // A token outlives nothing it was bound to: a deleted (or deleted and re-created) account ends it.
        if (!account || account.metadata.uid !== claims.uid || account.metadata.deletionTimestamp) {
          return { error: `service account ${claims.namespace}/${claims.name} has been deleted` };
        }
        return {
          user: {
            username: serviceAccountUsername(claims.namespace, claims.name),
            uid: claims.uid,
            groups: [...serviceAccountGroups(claims.namespace), ALL_AUTHENTICATED],
            extra: claims.jti ? { 'authentication.kubernetes.io/credential-id': [`JTI=${claims.jti}`] } : {},
          },
          audiences: claims.audiences,
        };
      } catch (err) {
        return { error: `invalid service account token: ${(err as Error).message}` };
      }
    }
    if (this.oidc?.claimsOurIssuer(token)) {
      try {
        const user = await this.oidc.authenticate(token);
        return plain({ ...user, groups: [...user.groups, ALL_AUTHENTICATED] });
      } catch (err) {
        return { error: (err as Error).message };
      }
    }
    return { error: 'invalid bearer token' };
  }
}
