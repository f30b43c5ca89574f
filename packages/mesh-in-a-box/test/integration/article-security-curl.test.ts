// The article's security chapter as its learner plays it: kubectl apply the chapter's files in its order, then curl
// through the ingress gateway without a token, with a plain user's token and with the moderator's, and read the
// article's answers (its own mesh: these policies refuse traffic the shared mesh's suites measure).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../../src/kubectl.js';
import { startMeshChild, type MeshChild } from '../../src/run-mesh.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { eventually, frontDoor } from '../helpers/front-door.js';

const SECURITY = `${FIXTURES}/sentiment-analysis/istio/security`;

let mesh: MeshChild;
beforeAll(async () => {
  mesh = await startMeshChild({ args: ['--scenario', 'sentiment-analysis', '--tick-ms', '250', '--seed', '5'] });
}, 120_000);
afterAll(async () => mesh?.stop());

/** Real curl through the gateway and the article's tokens (the front door's, for the mesh this suite started). */
const curl = (path: string, ...args: string[]) => frontDoor(mesh).curl(path, ...args);
const tokenOf = (username: string) => frontDoor(mesh).tokenOf(username);

const analyse = (...args: string[]) =>
  curl(
    '/sentiment',
    '-X',
    'POST',
    '-H',
    'content-type: application/json',
    '-d',
    '{"sentence":"I love yogobella"}',
    ...args,
  );
const feedback = (...args: string[]) =>
  curl('/feedback', '-X', 'POST', '-H', 'content-type: application/json', '-d', '{"rating":5}', ...args);
const bearer = (token: string) => ['-H', `Authorization: Bearer ${token}`];

describe("the article's security chapter, curled through the ingress gateway", () => {
  it('refuses, then admits, each request as the article says', async () => {
    const apply = (file: string) => kubectl(mesh.kubeconfig, ['apply', '-f', `${SECURITY}/${file}`]);
    // Before the chapter: anyone may analyse a sentence.
    expect((await analyse()).status).toBe(200);

    await apply('peer-authentication.yaml');
    await apply('request-authentication.yaml');
    // A token is checked only when present: without an AuthorizationPolicy, no token still passes…
    expect((await analyse()).status).toBe(200);
    // …and a forged one (a real token whose claims were edited) is refused by the gateway's jwt_authn filter, in
    // Envoy's words.
    const [head, payload, signature] = (await tokenOf('user')).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const edited = Buffer.from(JSON.stringify({ ...claims, group: 'moderator' })).toString('base64url');
    const forged = await eventually(
      () => analyse(...bearer(`${head}.${edited}.${signature}`)),
      (a) => a.status === 401,
    );
    expect(forged).toEqual({ status: 401, body: 'Jwt verification fails' });
    // A token from an issuer no rule names is refused too.
    const stranger = `${head}.${Buffer.from(JSON.stringify({ ...claims, iss: 'https://elsewhere' })).toString('base64url')}.${signature}`;
    expect(await analyse(...bearer(stranger))).toEqual({ status: 401, body: 'Jwt issuer is not configured' });

    for (const file of ['allow-view.yaml', 'allow-analysis.yaml', 'allow-feedback.yaml']) await apply(file);
    const anonymous = await eventually(analyse, (a) => a.status === 403);
    expect(anonymous).toEqual({ status: 403, body: 'RBAC: access denied' });
    // The page and its assets stay open to everyone (allow-view).
    expect((await curl('/')).status).toBe(200);
    expect((await curl('/static/js/main.js')).status).toBe(200);

    const user = await tokenOf('user');
    expect((await analyse(...bearer(user))).status).toBe(200);
    expect(await feedback(...bearer(user))).toEqual({ status: 403, body: 'RBAC: access denied' });
    const beta = await tokenOf('beta');
    expect((await analyse(...bearer(beta))).status).toBe(200);
    expect((await feedback(...bearer(beta))).status).toBe(403);
    const moderator = await tokenOf('moderator');
    expect((await analyse(...bearer(moderator))).status).toBe(200);
    expect((await feedback(...bearer(moderator))).status).toBe(200);
  });
});
