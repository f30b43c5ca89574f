import { createRemoteJWKSet, decodeJwt, type JWTPayload, jwtVerify } from 'jose';
import type { UserInfo } from './user-info.js';

// OpenID Connect ID tokens as the API server's --oidc-* flags accept them
// (plugin/pkg/auth/authenticator/token/oidc/oidc.go; kubernetes.io/docs/reference/access-authn-authz/authentication,
// "OpenID Connect Tokens"): signed by a key of the issuer's JWKS (found through its discovery document), iss equal to
// --oidc-issuer-url, aud containing --oidc-client-id, not expired; the username from --oidc-username-claim (sub by
// default), prefixed by --oidc-username-prefix (by default "<issuer>#" unless the claim is email; "-" for none); the
// groups from --oidc-groups-claim (a string or a list), each prefixed by --oidc-groups-prefix.

export interface OidcOptions {
  /** --oidc-issuer-url: must equal the tokens' iss; its /.well-known/openid-configuration names the JWKS. */
  issuerUrl: string;
  /** --oidc-client-id: a token's aud must contain it. */
  clientId: string;
  /** --oidc-username-claim; 'sub' by default. */
  usernameClaim?: string;
  /** --oidc-username-prefix; '-' for none. */
  usernamePrefix?: string;
  /** --oidc-groups-claim; no groups from the token when absent. */
  groupsClaim?: string;
  /** --oidc-groups-prefix. */
  groupsPrefix?: string;
  /** --oidc-signing-algs; RS256 by default. */
  signingAlgs?: string[];
}

export class OidcAuthenticator {
  private jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

  constructor(private readonly options: OidcOptions) {}

  /** Whether the token says this issuer made it: only then is a failure to verify it this authenticator's. */
  claimsOurIssuer(token: string): boolean {
    try {
      return decodeJwt(token).iss === this.options.issuerUrl;
    } catch {
      return false;
    }
  }

  /** The user the ID token names; throws with the reason when the token does not check out. */
  async authenticate(token: string): Promise<UserInfo> {
    const { issuerUrl, clientId } = this.options;
    const { payload } = await jwtVerify(token, await this.keySet(), {
      issuer: issuerUrl,
      audience: clientId,
      algorithms: this.options.signingAlgs ?? ['RS256'],
      requiredClaims: ['exp'],
    });
    return { username: this.username(payload), groups: this.groups(payload) };
  }

  private username(payload: JWTPayload): string {
    const claim = this.options.usernameClaim ?? 'sub';
    const value = payload[claim];
    if (typeof value !== 'string' || value === '') throw new Error(`oidc: claim not present or not a string: ${claim}`);
    // An email is a person's name only once the issuer verified it (when it says whether it did).
    if (claim === 'email' && 'email_verified' in payload && payload.email_verified !== true) {
      throw new Error('oidc: email not verified');
    }
    const prefix = this.options.usernamePrefix;
    if (prefix === '-') return value;
    if (prefix !== undefined) return `${prefix}${value}`;
    return claim === 'email' ? value : `${this.options.issuerUrl}#${value}`;
  }

  private groups(payload: JWTPayload): string[] {
    const claim = this.options.groupsClaim;
    if (!claim || !(claim in payload)) return [];
    const value = payload[claim];
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list) || list.some((g) => typeof g !== 'string')) {
      throw new Error(`oidc: groups claim ${claim} is neither a string nor a list of strings`);
    }
    return (list as string[]).map((g) => `${this.options.groupsPrefix ?? ''}${g}`);
  }

  // Asked once and kept; a discovery that failed is asked again with the next token.
  private async keySet(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    if (this.jwks) return this.jwks;
    const discoveryUrl = `${this.options.issuerUrl.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const res = await fetch(discoveryUrl, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) throw new Error(`oidc: ${discoveryUrl} answered ${res.status}`);
    const doc = (await res.json()) as { issuer?: string; jwks_uri?: string };
    if (doc.issuer !== this.options.issuerUrl) {
      throw new Error(
        `oidc: issuer did not match the issuer returned by provider, expected "${this.options.issuerUrl}" got "${doc.issuer}"`,
      );
    }
    if (!doc.jwks_uri) throw new Error(`oidc: ${discoveryUrl} names no jwks_uri`);
    this.jwks = createRemoteJWKSet(new URL(doc.jwks_uri));
    return this.jwks;
  }
}
