// The mesh's front door as the article's learner uses it: real curl against the ingress gateway's port (the article
// port-forwards it to localhost:8080), a token from Keycloak through the gateway, and each request visible in the
// gateway's access log and metrics like any other.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, inject, it } from 'vitest';
import { kubectl } from '../../src/kubectl.js';

const run = promisify(execFile);

interface CurlAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Real curl, `-si`: the status line, headers and body as a user sees them. */
async function curl(url: string, ...args: string[]): Promise<CurlAnswer> {
  const { stdout } = await run('curl', ['-si', '--max-time', '60', ...args, url], { timeout: 70_000 });
  const [head, ...rest] = stdout.split('\r\n\r\n');
  const [statusLine, ...lines] = head!.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf(':');
    headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
  }
  return { status: Number(statusLine!.split(' ')[1]), headers, body: rest.join('\r\n\r\n') };
}

const TOKEN_PATH = '/auth/realms/master/protocol/openid-connect/token';
const ARTICLE_ISSUER = 'http://localhost:8080/auth/realms/master';

describe("the ingress gateway's front door", () => {
  const mesh = inject('mesh');
  const ingress = mesh.endpoints['ingress']!;
  const kc = (...args: string[]) => kubectl(mesh.kubeconfig, args);
  const sentence = (text: string, ...args: string[]) =>
    curl(
      `${ingress}/sentiment`,
      '-X',
      'POST',
      '-H',
      'content-type: application/json',
      '-d',
      JSON.stringify({ sentence: text }),
      ...args,
    );
  const login = (username: string, password: string, ...args: string[]) =>
    curl(
      `${ingress}${TOKEN_PATH}`,
      ...args,
      '-d',
      `grant_type=password&client_id=sa-frontend&username=${username}&password=${password}`,
    );

  it("answers a curl of /sentiment through the mesh with the app's answer and Envoy's headers", async () => {
    const answer = await sentence('I love yogobella');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ sentence: 'I love yogobella', polarity: 0.5 });
    expect(answer.headers['server']).toBe('istio-envoy');
    expect(Number(answer.headers['x-envoy-upstream-service-time'])).toBeGreaterThanOrEqual(0);
  });

  it("answers a path no route matches with Envoy's empty 404", async () => {
    const answer = await curl(`${ingress}/no-such-page`);
    expect([answer.status, answer.body, answer.headers['server']]).toEqual([404, '', 'istio-envoy']);
  });

  it("hands out the article's token through the gateway, named after the Host the learner used, verified by the JWKS", async () => {
    const answer = await login('moderator', 'password', '-H', 'Host: localhost:8080');
    expect(answer.status).toBe(200);
    const token = (JSON.parse(answer.body) as { access_token: string }).access_token;
    const certs = await curl(`${ingress}/auth/realms/master/protocol/openid-connect/certs`);
    const { payload } = await jwtVerify(token, createLocalJWKSet(JSON.parse(certs.body) as never), {
      issuer: ARTICLE_ISSUER,
    });
    expect(payload).toMatchObject({ preferred_username: 'moderator', group: 'moderator' });
    // Without the Host header the token names the address curl used, as Keycloak would.
    const direct = JSON.parse((await login('user', 'password')).body) as { access_token: string };
    const iss = (JSON.parse(Buffer.from(direct.access_token.split('.')[1]!, 'base64url').toString()) as { iss: string })
      .iss;
    expect(iss).toBe(`${ingress}/auth/realms/master`);
  });

  it("answers a wrong password with Keycloak's 401, logged by the gateway and counted in its metrics", async () => {
    const answer = await login('user', 'wrong');
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toEqual({ error: 'invalid_grant', error_description: 'Invalid user credentials' });
    const pod = (await kc('get', 'pods', '-n', 'istio-system', '-l', 'app=istio-ingressgateway', '-o', 'name'))
      .trim()
      .split('\n')[0]!;
    const log = await kc('logs', '-n', 'istio-system', pod, '--tail=2000');
    expect(log).toMatch(new RegExp(`"POST ${TOKEN_PATH} HTTP/1\\.1" 401 - via_upstream .*"curl/`));
    const metrics = await fetch(mesh.endpoints['metrics']!).then((r) => r.text());
    const series = metrics
      .split('\n')
      .find(
        (l) =>
          l.startsWith('istio_requests_total{') &&
          l.includes('source_workload="istio-ingressgateway"') &&
          l.includes('destination_workload="keycloak"') &&
          l.includes('response_code="401"'),
      );
    expect(series).toBeDefined();
  });

  it('answers 503 "no healthy upstream" for a route to a Service without endpoints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'front-door-'));
    const file = join(dir, 'empty.yaml');
    writeFileSync(
      file,
      `apiVersion: v1
kind: Service
metadata: {name: front-door-empty, namespace: demo}
spec:
  selector: {app: front-door-nothing}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: front-door-empty, namespace: demo}
spec:
  hosts: ['*']
  gateways: [http-gateway]
  http:
  - match: [{uri: {prefix: /front-door-empty}}]
    route: [{destination: {host: front-door-empty, port: {number: 80}}}]
`,
    );
    await kc('apply', '-f', file);
    try {
      const answer = await curl(`${ingress}/front-door-empty`);
      expect([answer.status, answer.body, answer.headers['content-type']]).toEqual([
        503,
        'no healthy upstream',
        'text/plain',
      ]);
    } finally {
      await kc('delete', '-f', file);
    }
  });
});
