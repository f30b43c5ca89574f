// OpenID Connect's authorization code flow with PKCE (RFC 7636), state and nonce, through openid-client v6: discovery
// of the issuer, the URL to send the browser to, the code's exchange at the callback, the refresh of the ID token
// near its end, and the provider's end_session_endpoint at logout (OpenID Connect RP-Initiated Logout 1.0).
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { RefusedError } from '../../errors.js';
import type { OpenidConfig } from '../auth-config.js';
import type { RequestUser } from '../request-user.js';
import type { OidcFlow, Session } from '../session-cookie.js';

/** Refresh the ID token when it has less than this left: a page's polling comes every few seconds. */
export const REFRESH_BEFORE_SECONDS = 60;

export interface OpenidLogin {
  readonly issuer: string;
  /** Where to send the browser, and what the callback must check (kept in the flow cookie). */
  start(redirectUri: string, next: string): Promise<{ url: string; flow: OidcFlow }>;
  /** The session from the callback's URL; RefusedError 401 saying what went wrong. */
  finish(callbackUrl: URL, flow: OidcFlow, nowSeconds: number, sessionTtlSeconds: number): Promise<Session>;
  /** A session whose ID token is renewed, or RefusedError 401 when the provider refuses. */
  refresh(session: Session, nowSeconds: number): Promise<Session>;
  /** The provider's logout URL, or null when it has none. */
  endSessionUrl(idToken: string, postLogoutRedirectUri: string): Promise<string | null>;
}

/** The provider's own words for a refusal (RFC 6749 §5.2: error and error_description), else the error's message. */
function reasonOf(err: unknown): string {
  if (err instanceof oidc.ResponseBodyError || err instanceof oidc.AuthorizationResponseError)
    return err.error_description ? `${err.error}: ${err.error_description}` : err.error;
  return (err as Error).message;
}

function claimText(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function groupsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  return typeof value === 'string' && value !== '' ? [value] : [];
}

export function createOpenidLogin(config: OpenidConfig): OpenidLogin {
  let discovered: Promise<oidc.Configuration> | undefined;
  const issuerUrl = new URL(config.issuer);

  function configuration(): Promise<oidc.Configuration> {
    if (!discovered) {
      const attempt = oidc
        .discovery(
          issuerUrl,
          config.clientId,
          config.clientSecret,
          config.clientSecret ? oidc.ClientSecretBasic(config.clientSecret) : oidc.None(),
          // An http issuer is one the administrator named on purpose (a provider on loopback); openid-client refuses
          // it unless told.
          issuerUrl.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined,
        )
        .catch((err: unknown) => {
          discovered = undefined; // the provider may be up on the next try
          throw new RefusedError(
            401,
            'openid_unavailable',
            `the OpenID provider ${config.issuer} could not be discovered: ${(err as Error).message} (SEXTANT_OIDC_ISSUER)`,
          );
        });
      discovered = attempt;
    }
    return discovered;
  }

  function userFrom(claims: Record<string, unknown>): Pick<RequestUser, 'name' | 'groups' | 'credentials'> & {
    name: string;
  } {
    const name = claimText(claims[config.usernameClaim]);
    if (!name)
      throw new RefusedError(
        401,
        'openid_claims',
        `the ID token from ${config.issuer} has no claim ${config.usernameClaim} to name the user (SEXTANT_OIDC_USERNAME_CLAIM)`,
      );
    const groups = groupsOf(claims[config.groupsClaim]);
    return { name, groups, credentials: { kind: 'impersonate', user: name, groups } };
  }

  function sessionFrom(
    tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers,
    previous: { refreshToken?: string; expiresAt: number },
  ): Session {
    const claims = tokens.claims();
    if (!claims || !tokens.id_token)
      throw new RefusedError(401, 'openid_claims', `${config.issuer} answered without an ID token`);
    const user = userFrom(claims);
    const refreshToken = tokens.refresh_token ?? previous.refreshToken;
    return {
      ...user,
      strategy: 'openid',
      credentials: config.impersonate ? user.credentials : { kind: 'token', token: tokens.id_token },
      oidc: { idToken: tokens.id_token, idTokenExp: claims.exp, ...(refreshToken ? { refreshToken } : {}) },
      // Without a refresh token, a session that hands the ID token to the API server ends with it.
      expiresAt: config.impersonate || refreshToken ? previous.expiresAt : Math.min(previous.expiresAt, claims.exp),
    };
  }

  const refreshing = new Map<string, { promise: Promise<Session>; untilMs: number }>();

  async function refreshOnce(session: Session, refreshToken: string): Promise<Session> {
    const c = await configuration();
    try {
      const tokens = await oidc.refreshTokenGrant(c, refreshToken);
      if (!tokens.id_token)
        return { ...session, oidc: { ...session.oidc!, refreshToken: tokens.refresh_token ?? refreshToken } };
      return sessionFrom(tokens, { refreshToken, expiresAt: session.expiresAt });
    } catch (err) {
      throw new RefusedError(
        401,
        'session_expired',
        `your session at ${config.issuer} has ended (${reasonOf(err)}); log in again`,
      );
    }
  }

  return {
    issuer: config.issuer,
    async start(redirectUri, next) {
      const c = await configuration();
      const verifier = oidc.randomPKCECodeVerifier();
      const flow: OidcFlow = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier, next };
      const url = oidc.buildAuthorizationUrl(c, {
        redirect_uri: redirectUri,
        scope: config.scopes.join(' '),
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: flow.state,
        nonce: flow.nonce,
      });
      return { url: url.href, flow };
    },
    async finish(callbackUrl, flow, nowSeconds, sessionTtlSeconds) {
      const c = await configuration();
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(c, callbackUrl, {
          pkceCodeVerifier: flow.verifier,
          expectedState: flow.state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        });
      } catch (err) {
        throw new RefusedError(
          401,
          'openid_refused',
          `the login at ${config.issuer} did not complete: ${reasonOf(err)}`,
        );
      }
      return sessionFrom(tokens, { expiresAt: nowSeconds + sessionTtlSeconds });
    },
    async refresh(session, nowSeconds) {
      const refreshToken = session.oidc?.refreshToken;
      if (!refreshToken || !session.oidc) return session;
      if (session.oidc.idTokenExp - nowSeconds > REFRESH_BEFORE_SECONDS) return session;
      // A page's parallel calls all carry the same cookie. Providers rotate refresh tokens and take a second use of
      // one as theft, revoking the whole grant (RFC 9700 §4.14.2; oidc-provider does): one refresh per token, its
      // answer shared with every call that still carries the old cookie.
      const id = createHash('sha256').update(refreshToken).digest('base64url');
      const now = Date.now();
      for (const [key, entry] of refreshing) if (entry.untilMs < now) refreshing.delete(key);
      let pending = refreshing.get(id)?.promise;
      if (!pending) {
        pending = refreshOnce(session, refreshToken);
        refreshing.set(id, { promise: pending, untilMs: now + REFRESH_BEFORE_SECONDS * 1000 });
      }
      return pending;
    },
    async endSessionUrl(idToken, postLogoutRedirectUri) {
      const c = await configuration().catch(() => null);
      if (!c?.serverMetadata().end_session_endpoint) return null;
      return oidc.buildEndSessionUrl(c, { id_token_hint: idToken, post_logout_redirect_uri: postLogoutRedirectUri })
        .href;
    },
  };
}
