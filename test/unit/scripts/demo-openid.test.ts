import { describe, expect, it } from 'vitest';
import { demoOpenid, loginHelp } from '../../../scripts/demo-openid.js';

const port = async () => 41999;

describe("the demo's own Keycloak login", () => {
  it("points the console and the mesh's API server at the mesh's Keycloak through the ingress, with the same claims", async () => {
    const openid = await demoOpenid({
      env: { SEXTANT_AUTH_STRATEGY: 'openid' },
      scenario: 'sentiment-analysis',
      meshHost: '127.0.0.1',
      ingressPort: port,
    });
    expect(openid?.issuer).toBe('http://127.0.0.1:41999/auth/realms/master');
    expect(openid?.consoleEnv).toEqual({
      SEXTANT_OIDC_ISSUER: 'http://127.0.0.1:41999/auth/realms/master',
      SEXTANT_OIDC_CLIENT_ID: 'sextant',
      SEXTANT_OIDC_USERNAME_CLAIM: 'preferred_username',
      SEXTANT_OIDC_GROUPS_CLAIM: 'groups',
    });
    expect(openid?.meshArgs.join(' ')).toBe(
      '--ingress-port 41999 --oidc-issuer-url http://127.0.0.1:41999/auth/realms/master --oidc-client-id sextant ' +
        '--oidc-username-claim preferred_username --oidc-username-prefix - --oidc-groups-claim groups',
    );
  });

  it('stays out of the way of another strategy, of a provider given in SEXTANT_OIDC_ISSUER, and asks no port then', async () => {
    const noPort = () => Promise.reject(new Error('asked for a port'));
    for (const env of [
      {},
      { SEXTANT_AUTH_STRATEGY: 'token' },
      { SEXTANT_AUTH_STRATEGY: 'openid', SEXTANT_OIDC_ISSUER: 'https://idp.example.com' },
    ])
      expect(
        await demoOpenid({ env, scenario: 'sentiment-analysis', meshHost: '127.0.0.1', ingressPort: noPort }),
      ).toBeUndefined();
  });

  it('says which scenario has a Keycloak when another one is asked for', async () => {
    await expect(
      demoOpenid({
        env: { SEXTANT_AUTH_STRATEGY: 'openid' },
        scenario: 'bookinfo',
        meshHost: '127.0.0.1',
        ingressPort: port,
      }),
    ).rejects.toThrow(/only the sentiment-analysis scenario runs a Keycloak.*SEXTANT_OIDC_ISSUER/);
  });

  it("names the article's three users and what each may do", () => {
    const help = loginHelp('http://127.0.0.1:3000', 'http://127.0.0.1:41999/auth/realms/master').join('\n');
    expect(help).toContain('password "password"');
    expect(help).toMatch(/user +sees namespace demo.*changes nothing/);
    expect(help).toMatch(/beta +sees namespace demo, changes nothing/);
    expect(help).toMatch(/moderator +in group moderator: .*may change its traffic/);
  });
});
