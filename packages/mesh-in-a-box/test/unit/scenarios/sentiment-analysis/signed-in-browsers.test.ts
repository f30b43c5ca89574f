// The scenario's browsers once Keycloak login is in place (the article's sentiment-analysis-frontend:keycloak image):
// the app's API calls carry a signed-in user's token, static assets and a share of calls go without.
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdentity, type Identity } from '../../../../src/identity/index.js';
import { loadScenario } from '../../../../src/scenarios/index.js';
import type { Scenario } from '../../../../src/scenarios/scenario.js';
import { MeshIndex } from '../../../../src/traffic/mesh-index.js';
import { meshUnderTest } from '../mesh-under-test.js';

let scenario: Scenario;
let identity: Identity;
beforeAll(async () => {
  scenario = loadScenario('sentiment-analysis');
  const mesh = meshUnderTest();
  mesh.apply(...scenario.objects);
  // No policy in this mesh: every port PERMISSIVE.
  identity = await startIdentity(
    scenario.identity,
    () => new MeshIndex(mesh.store),
    () => 'PERMISSIVE',
  );
});
afterAll(() => identity.stop());

const browsers = () => scenario.clients.find((c) => c.from === 'outside')!;
const weightOf = (path: string, signedIn?: boolean) =>
  browsers()
    .requests.filter((r) => r.path === path)
    .filter((r) => signedIn === undefined || Boolean(r.headers?.['authorization']) === signedIn)
    .reduce((sum, r) => sum + r.weight, 0);

describe("the sentiment-analysis scenario's signed-in browsers", () => {
  it('sends three quarters of the API calls with a token and keeps each path at its weight, static assets without', () => {
    expect([weightOf('/sentiment'), weightOf('/feedback')]).toEqual([8, 2]);
    expect(weightOf('/sentiment', true) / weightOf('/sentiment')).toBe(0.75);
    expect(weightOf('/feedback', true) / weightOf('/feedback')).toBe(0.75);
    for (const r of browsers().requests.filter((r) => r.method === 'GET'))
      expect(r.headers?.['authorization']).toBeUndefined();
  });

  it("carries fresh tokens of the article's three users that the master realm's keys verify for the article's issuer", async () => {
    const keys = createLocalJWKSet(identity.keycloak.jwksOf('master')!);
    const users = new Set<string>();
    for (const r of browsers().requests.filter((r) => r.headers?.['authorization'])) {
      const token = r.headers!['authorization']!.replace(/^Bearer /, '');
      const { payload } = await jwtVerify(token, keys, { issuer: 'http://localhost:8080/auth/realms/master' });
      expect(payload.exp! * 1000).toBeGreaterThan(Date.now() + 30_000);
      users.add(String(payload['preferred_username']));
      if (payload['preferred_username'] === 'moderator') expect(payload['group']).toBe('moderator');
    }
    expect([...users].sort()).toEqual(['beta', 'moderator', 'user']);
  });
});
