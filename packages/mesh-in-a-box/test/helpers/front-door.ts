// What a learner does with a mesh in a box of their own: curl through its ingress gateway (with a Keycloak token when
// asked), and read the proxies' access logs with kubectl to see where each request went.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { kubectl } from '../../src/kubectl.js';
import type { MeshChild } from '../../src/run-mesh.js';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Asks again, a tick apart, until the answer is acceptable (at most 10 s), as a person rereading a log would. */
export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  let last = await probe();
  for (let i = 0; i < 40 && !accept(last); i++) {
    await sleep(250);
    last = await probe();
  }
  return last;
}

export function frontDoor(mesh: MeshChild) {
  /** Real curl through the gateway: status and body as the learner reads them. */
  async function curl(path: string, ...args: string[]): Promise<{ status: number; body: string }> {
    const { stdout } = await run(
      'curl',
      ['-s', '--max-time', '60', '-w', '\n%{http_code}', ...args, mesh.endpoints['ingress'] + path],
      { timeout: 70_000 },
    );
    const at = stdout.lastIndexOf('\n');
    return { status: Number(stdout.slice(at + 1)), body: stdout.slice(0, at) };
  }

  /** A token as the article gets one: Keycloak's password grant, through the gateway on localhost:8080. */
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

  /** POST /sentiment with this User-Agent (and token), so its lines can be found in the logs. */
  const analyse = (agent: string, token?: string) =>
    curl(
      '/sentiment',
      '-X',
      'POST',
      '-A',
      agent,
      '-H',
      'content-type: application/json',
      ...(token ? ['-H', `Authorization: Bearer ${token}`] : []),
      '-d',
      '{"sentence":"I love yogobella"}',
    );

  /** The istio-proxy access log of the pods with these labels, in a namespace. */
  const proxyLog = (namespace: string, selector: string) =>
    kubectl(mesh.kubeconfig, ['logs', '-n', namespace, '-l', selector, '-c', 'istio-proxy', '--tail', '-1']);

  /** The x-request-ids of the gateway's log lines for requests with this User-Agent, once there are `count`. */
  async function requestIdsOf(agent: string, count: number): Promise<string[]> {
    const ids = async () =>
      (await kubectl(mesh.kubeconfig, ['logs', '-n', 'istio-system', '-l', 'app=istio-ingressgateway', '--tail', '-1']))
        .split('\n')
        .filter((l) => l.includes(`"${agent}"`))
        .map((l) => /"([0-9a-f-]{36})"/.exec(l)?.[1] ?? '')
        .filter(Boolean);
    // curl returns when the gateway's hop ends; its log line is there by then, or at the latest a tick later.
    return eventually(ids, (found) => found.length >= count);
  }

  return { curl, tokenOf, analyse, proxyLog, requestIdsOf };
}
