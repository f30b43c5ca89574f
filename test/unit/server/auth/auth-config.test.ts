import { describe, expect, it } from 'vitest';
import { loadAuthConfig, loadConfig } from '../../../../server/config.js';

const secret = 'x'.repeat(32);

describe('the login configuration', () => {
  it('is anonymous when nothing is set, and the whole configuration says so', () => {
    expect(loadAuthConfig({}).strategy).toBe('anonymous');
    expect(loadConfig({ KUBECONFIG: '/tmp/kc' }, false).auth.strategy).toBe('anonymous');
  });

  it('needs SEXTANT_SESSION_SECRET for the token strategy, and says how to make one', () => {
    expect(() => loadAuthConfig({ SEXTANT_AUTH_STRATEGY: 'token' })).toThrow(
      /SEXTANT_SESSION_SECRET: required with the token strategy: at least 32 random bytes \(openssl rand -base64 32\), the same on every replica/,
    );
    expect(() => loadAuthConfig({ SEXTANT_AUTH_STRATEGY: 'token', SEXTANT_SESSION_SECRET: 'short' })).toThrow(
      'SEXTANT_SESSION_SECRET: must be at least 32 bytes (it has 5)',
    );
    expect(loadAuthConfig({ SEXTANT_AUTH_STRATEGY: 'token', SEXTANT_SESSION_SECRET: secret }).sessionTtlSeconds).toBe(
      8 * 3600,
    );
  });

  it('reads the OpenID settings with the API server’s username claim and Kiali’s groups claim by default', () => {
    const auth = loadAuthConfig({
      SEXTANT_AUTH_STRATEGY: 'openid',
      SEXTANT_SESSION_SECRET: secret,
      SEXTANT_OIDC_ISSUER: 'https://dex.example.com',
      SEXTANT_OIDC_CLIENT_ID: 'sextant',
    });
    expect(auth.openid).toEqual({
      issuer: 'https://dex.example.com',
      clientId: 'sextant',
      scopes: ['openid', 'profile', 'email'],
      usernameClaim: 'sub',
      groupsClaim: 'groups',
      impersonate: false,
    });
  });

  it('names the missing issuer and an impersonation flag that is not true or false', () => {
    expect(() => loadAuthConfig({ SEXTANT_AUTH_STRATEGY: 'openid', SEXTANT_SESSION_SECRET: secret })).toThrow(
      /SEXTANT_OIDC_ISSUER/,
    );
    expect(() =>
      loadAuthConfig({
        SEXTANT_AUTH_STRATEGY: 'openid',
        SEXTANT_SESSION_SECRET: secret,
        SEXTANT_OIDC_ISSUER: 'https://dex.example.com',
        SEXTANT_OIDC_CLIENT_ID: 'sextant',
        SEXTANT_OIDC_IMPERSONATE: 'yes',
      }),
    ).toThrow(/SEXTANT_OIDC_IMPERSONATE/);
  });

  it('refuses a strategy it does not know, naming the variable', () => {
    expect(() => loadAuthConfig({ SEXTANT_AUTH_STRATEGY: 'saml' })).toThrow(/SEXTANT_AUTH_STRATEGY/);
  });

  it('needs the proxy’s shared secret before it takes identities from headers', () => {
    expect(() => loadAuthConfig({ SEXTANT_AUTH_STRATEGY: 'header', SEXTANT_AUTH_HEADER_MODE: 'identity' })).toThrow(
      /SEXTANT_AUTH_PROXY_SECRET: required in identity mode/,
    );
    expect(loadAuthConfig({ SEXTANT_AUTH_STRATEGY: 'header' }).header?.mode).toBe('bearer');
  });
});
