// One realm of the simulated Keycloak: its users, its clients and the RS256 key it signs tokens with. The key is made
// when the mesh starts, as a fresh Keycloak makes one for a new realm, so no token outlives the mesh that issued it.
import { createHash, randomBytes } from 'node:crypto';
import { BrowserLogins } from './browser-logins.js';
import {
  calculateJwkThumbprint,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type CryptoKey,
  type JSONWebKeySet,
} from 'jose';

export interface KeycloakUser {
  username: string;
  password: string;
  email?: string;
  /** Attributes the realm's protocol mappers copy into tokens as claims of the same name (the article's `group`). */
  attributes?: Record<string, string>;
  /** Realm roles beyond the defaults every user holds (the master realm's admin has `admin` and `create-realm`). */
  roles?: string[];
  /** Top-level groups the user is a member of (Users → Groups in the admin console). */
  groups?: string[];
}

export interface KeycloakClient {
  clientId: string;
  /** "Direct access grants" in the admin console: whether the password grant is allowed for this client. */
  directAccessGrants: boolean;
  /** User attributes mapped into this client's tokens (oidc-usermodel-attribute-mapper). */
  mappedAttributes?: string[];
  /** "Standard flow": the browser login through the authorization endpoint and the authorization_code grant. */
  standardFlow?: boolean;
  /** "Valid Redirect URIs": exact URIs, or prefixes ending in `*` (RedirectUtils.matchesRedirects). */
  redirectUris?: string[];
  /** Advanced settings' "Proof Key for Code Exchange Code Challenge Method" (pkce.code.challenge.method): enforced. */
  pkceMethod?: 'S256' | 'plain';
  /** Advanced settings' "Access Token Lifespan" (access.token.lifespan), over the realm's for this client's tokens. */
  accessTokenLifespanS?: number;
  /** A group membership mapper (oidc-group-membership-mapper) on the client: the user's groups in this claim. */
  groupMembershipMapper?: { claim: string; fullPath: boolean };
}

export interface RealmConfig {
  name: string;
  users: KeycloakUser[];
  clients: KeycloakClient[];
  /** Access token lifespan: Keycloak gives the master realm 60 s and a new realm 300 s. */
  accessTokenLifespanS: number;
  /** SSO session idle timeout, the refresh token's lifespan (30 minutes by default). */
  ssoSessionIdleS?: number;
}

/** Keycloak's defaults for a realm's "Client login timeout" (an authorization code's life) and "Login timeout". */
export const ACCESS_CODE_LIFESPAN_S = 60;
export const LOGIN_LIFESPAN_S = 1800;

/** What a realm's certs endpoint serves and what istiod inlines into Envoy's jwt_authn filter. */
export type PublicJwks = JSONWebKeySet;

export class KeycloakRealm {
  /** The login forms in progress, the codes issued and the sessions they started (Keycloak keeps them in Infinispan). */
  readonly logins = new BrowserLogins();

  private constructor(
    readonly config: RealmConfig,
    readonly signingKey: CryptoKey,
    readonly kid: string,
    readonly jwks: PublicJwks,
    /** Keycloak signs its refresh tokens HS256 with a realm secret of its own. */
    readonly refreshSecret: Uint8Array,
    /** The public key as the realm page shows it: base64 DER (SubjectPublicKeyInfo), no PEM armour. */
    readonly publicKeyBase64: string,
  ) {}

  static async create(config: RealmConfig): Promise<KeycloakRealm> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = await exportJWK(publicKey);
    // Keycloak's kid is a base64url SHA-256 over the public key; the JWK thumbprint has the same look and stability.
    const kid = await calculateJwkThumbprint(jwk);
    const jwks = { keys: [{ kid, kty: 'RSA', alg: 'RS256', use: 'sig', n: jwk.n, e: jwk.e }] };
    const pem = await exportSPKI(publicKey);
    const base64 = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    return new KeycloakRealm(config, privateKey, kid, jwks, randomBytes(32), base64);
  }

  get name(): string {
    return this.config.name;
  }

  /** Keycloak finds a user by username or email, case-insensitively (usernames are stored lower-cased). */
  findUser(usernameOrEmail: string): KeycloakUser | undefined {
    const wanted = usernameOrEmail.toLowerCase();
    return this.config.users.find((u) => u.username.toLowerCase() === wanted || u.email?.toLowerCase() === wanted);
  }

  findClient(clientId: string): KeycloakClient | undefined {
    return this.config.clients.find((c) => c.clientId === clientId);
  }

  /** The user's id, Keycloak's `sub`: a UUID, stable per realm and username so request principals stay the same. */
  userId(user: KeycloakUser): string {
    return stableUuid(`${this.name}/${user.username.toLowerCase()}`);
  }

  findUserById(id: string): KeycloakUser | undefined {
    return this.config.users.find((u) => this.userId(u) === id);
  }
}

/** A version-5-shaped UUID from a name (SHA-1, RFC 4122 layout), so the same user keeps the same id across runs. */
export function stableUuid(name: string): string {
  const hash = createHash('sha1').update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
