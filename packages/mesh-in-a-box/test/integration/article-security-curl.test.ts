// The article's security chapter as its learner plays it: kubectl apply the chapter's files in its order, then curl
// through the ingress gateway without a token, with a plain user's token and with the moderator's, and read the
// article's answers (its own mesh: these policies refuse traffic the shared mesh's suites measure).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../../src/kubectl.js';
import { startMeshChild, type MeshChild } from '../../src/run-mesh.js';
import { FIXTURES } from '../helpers/fixtures.js';

const run = promisify(execFile);
const SECURITY = `${FIXTURES}/sentiment-analysis/istio/security`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let mesh: MeshChild;
beforeAll(async () => {
  mesh = await startMeshChild({ args: ['--scenario', 'sentiment-analysis', '--tick-ms', '250', '--seed', '5'] });
}, 120_000);
afterAll(async () => mesh?.stop());

/** Real curl: status and body as the learner reads them. */
async function curl(path: string, ...args: string[]): Promise<{ status: number; body: string }> {
  const { stdout } = await run(
    'curl',
    ['-s', '--max-time', '60', '-w', '\n%{http_code}', ...args, mesh.endpoints['ingress'] + path],
    {
      timeout: 70_000,
    },
  );
  const at = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(at + 1)), body: stdout.slice(0, at) };
}

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

/** A token as the article gets one: Keycloak's password grant, through the gateway on the article's localhost:8080. */
async function tokenOf(username: string): Promise<string> {
  const answer = await curl(
    '/auth/realms/master/protocol/openid-connect/token',
    '-H',
    'Host: localhost:8080',
    '-d',
    `grant_type=password&client_id=sa-frontend&username=${username}&password=password`,
  );
  expect(answer.status, answer.body).toBe(200);
  return (JSON.parse(answer.body) as { access_token: string }).access_token;
}

/** The mesh applies a change at its next tick, as proxies take istiod's push a moment after kubectl returns. */
async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  let last = await probe();
  for (let i = 0; i < 40 && !accept(last); i++) {
    await sleep(250);
    last = await probe();
  }
  return last;
}

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
