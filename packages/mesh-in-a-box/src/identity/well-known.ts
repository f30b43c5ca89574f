// A realm's OpenID Connect discovery document and public realm page, with Keycloak's endpoint layout
// (keycloak/keycloak services/.../protocol/oidc/OIDCWellKnownProvider.java: every endpoint hangs off
// {issuer}/protocol/openid-connect). Only the fields a client or istiod reads are kept; values are Keycloak 15's.
import type { KeycloakRealm } from './keycloak-realm.js';

/** OIDCResponseType's allowed values (the authorization endpoint accepts these); all but `code` are implicit, hybrid or `none`. */
export const RESPONSE_TYPES = [
  'code',
  'none',
  'id_token',
  'token',
  'id_token token',
  'code id_token',
  'code token',
  'code id_token token',
];

export function openIdConfiguration(issuer: string): Record<string, unknown> {
  const oidc = `${issuer}/protocol/openid-connect`;
  return {
    issuer,
    authorization_endpoint: `${oidc}/auth`,
    token_endpoint: `${oidc}/token`,
    introspection_endpoint: `${oidc}/token/introspect`,
    userinfo_endpoint: `${oidc}/userinfo`,
    end_session_endpoint: `${oidc}/logout`,
    jwks_uri: `${oidc}/certs`,
    check_session_iframe: `${oidc}/login-status-iframe.html`,
    grant_types_supported: [
      'authorization_code',
      'implicit',
      'refresh_token',
      'password',
      'client_credentials',
      'urn:ietf:params:oauth:grant-type:device_code',
      'urn:openid:params:grant-type:ciba',
    ],
    response_types_supported: RESPONSE_TYPES,
    subject_types_supported: ['public', 'pairwise'],
    id_token_signing_alg_values_supported: ['PS384', 'ES384', 'RS384', 'HS256', 'HS512', 'ES256', 'RS256', 'HS384'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    registration_endpoint: `${issuer}/clients-registrations/openid-connect`,
    token_endpoint_auth_methods_supported: [
      'private_key_jwt',
      'client_secret_basic',
      'client_secret_post',
      'tls_client_auth',
      'client_secret_jwt',
    ],
    claims_supported: [
      'aud',
      'sub',
      'iss',
      'auth_time',
      'name',
      'given_name',
      'family_name',
      'preferred_username',
      'email',
      'acr',
    ],
    claim_types_supported: ['normal'],
    claims_parameter_supported: true,
    scopes_supported: ['openid', 'offline_access', 'profile', 'email', 'address', 'phone', 'roles', 'web-origins'],
    code_challenge_methods_supported: ['plain', 'S256'],
    revocation_endpoint: `${oidc}/revoke`,
    backchannel_logout_supported: true,
    backchannel_logout_session_supported: true,
  };
}

/** GET /auth/realms/{realm}: the public realm page that Keycloak's readiness probe (and adapters) read. */
export function realmPage(realm: KeycloakRealm, issuer: string): Record<string, unknown> {
  return {
    realm: realm.name,
    public_key: realm.publicKeyBase64,
    'token-service': `${issuer}/protocol/openid-connect`,
    'account-service': `${issuer}/account`,
    'tokens-not-before': 0,
  };
}
