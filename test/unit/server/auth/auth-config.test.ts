import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAuthConfig, loadConfig } from '../../../../server/config.js';

const secret = 'x'.repeat(32);
const dir = mkdtempSync(join(tmpdir(), 'sextant-auth-config-'));

/** A SEXTANT_CONFIG file of these lines. */
function configFile(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, lines.join('\n'));
  return file;
}

// A Keycloak realm's client, as the README sets it up.
const KEYCLOAK = [
  'auth:',
  '  strategy: openid',
  '  sessionTtlSeconds: 3600',
  '  publicUrl: https://sextant.example.com',
  '  openid:',
  '    issuer: https://keycloak.example.com/realms/mesh',
  '    clientId: sextant',
  '    scopes: [openid, profile, email, groups]',
  '    usernameClaim: preferred_username',
  '    groupsClaim: groups',
  '    impersonate: true',
];

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

  it('reads the openid settings from the SEXTANT_CONFIG file, YAML lists and booleans included', () => {
    const file = configFile('keycloak.yaml', KEYCLOAK);
    const auth = loadAuthConfig({ SEXTANT_CONFIG: file, SEXTANT_SESSION_SECRET: secret });
    expect(auth).toMatchObject({
      strategy: 'openid',
      sessionTtlSeconds: 3600,
      publicUrl: 'https://sextant.example.com',
    });
    expect(auth.openid).toEqual({
      issuer: 'https://keycloak.example.com/realms/mesh',
      clientId: 'sextant',
      scopes: ['openid', 'profile', 'email', 'groups'],
      usernameClaim: 'preferred_username',
      groupsClaim: 'groups',
      impersonate: true,
    });
    // The whole configuration reads the same section.
    expect(loadConfig({ SEXTANT_CONFIG: file, SEXTANT_SESSION_SECRET: secret }, false).auth).toEqual(auth);
  });

  it('lets the environment win over the file, setting by setting', () => {
    const file = configFile('keycloak-env.yaml', KEYCLOAK);
    const auth = loadAuthConfig({
      SEXTANT_CONFIG: file,
      SEXTANT_SESSION_SECRET: secret,
      SEXTANT_OIDC_IMPERSONATE: 'false',
      SEXTANT_OIDC_CLIENT_SECRET: 'from-a-secret',
    });
    expect(auth.openid).toMatchObject({ clientId: 'sextant', clientSecret: 'from-a-secret', impersonate: false });
    // A strategy from the environment leaves the file's openid section out, as its variables would be.
    const token = loadAuthConfig({
      SEXTANT_CONFIG: file,
      SEXTANT_SESSION_SECRET: secret,
      SEXTANT_AUTH_STRATEGY: 'token',
    });
    expect(token.strategy).toBe('token');
    expect(token.openid).toBeUndefined();
  });

  it('takes the header settings from the file, header names in lower case as Request.headers gives them', () => {
    const file = configFile('header.yaml', [
      'auth:',
      '  strategy: header',
      '  header:',
      '    mode: identity',
      '    userHeader: X-Auth-Request-User',
      '    proxySecret: a-shared-secret-of-the-proxy',
    ]);
    expect(loadAuthConfig({ SEXTANT_CONFIG: file }).header).toEqual({
      mode: 'identity',
      userHeader: 'x-auth-request-user',
      groupsHeader: 'x-forwarded-groups',
      proxySecret: 'a-shared-secret-of-the-proxy',
      proxySecretHeader: 'x-sextant-proxy-secret',
    });
  });

  it('names a bad setting where it came from: auth.x in the file, or the variable that overrides it', () => {
    const file = configFile('bad-auth.yaml', [
      'auth:',
      '  strategy: openid',
      '  openid: { issuer: keycloak, clientId: sextant, impersonate: maybe }',
    ]);
    const thrown = (() => {
      try {
        loadAuthConfig({ SEXTANT_CONFIG: file });
      } catch (err) {
        return (err as Error).message;
      }
      return 'nothing thrown';
    })();
    expect(thrown).toContain(`auth.openid.issuer in ${file}: the issuer URL, such as https://dex.example.com`);
    expect(thrown).toContain(`auth.openid.impersonate in ${file}:`);
    expect(() => loadAuthConfig({ SEXTANT_CONFIG: file, SEXTANT_OIDC_ISSUER: 'dex' })).toThrow(
      'SEXTANT_OIDC_ISSUER: the issuer URL',
    );
    expect(() => loadConfig({ SEXTANT_CONFIG: file }, false)).toThrow(`auth.openid.issuer in ${file}:`);
    const short = configFile('short-secret.yaml', ['auth: { strategy: token, sessionSecret: short }']);
    expect(() => loadAuthConfig({ SEXTANT_CONFIG: short })).toThrow(
      `auth.sessionSecret in ${short}: must be at least 32 bytes (it has 5)`,
    );
  });

  it('takes every SEXTANT_CONFIG example of the README’s “Logging in and rights” as it stands, secrets from the environment', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Logging in and rights'), readme.indexOf('## The mesh in a box'));
    const examples = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const strategies = examples.map((yaml, i) => {
      const env = {
        SEXTANT_CONFIG: configFile(`readme-${i}.yaml`, [yaml]),
        SEXTANT_SESSION_SECRET: secret,
        SEXTANT_AUTH_PROXY_SECRET: 'a-secret-of-the-proxy',
      };
      return loadAuthConfig(env).strategy;
    });
    expect(strategies).toEqual(['token', 'openid', 'header']);
  });
});
