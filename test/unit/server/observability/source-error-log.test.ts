// A failed call to the Kubernetes API, made with a token, logged as the console logs a bug: the token the API server
// received appears nowhere in the line, whatever the error and its causes carry.
import http from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../server/observability/log.js';
import { createKubernetesSource } from '../../../../server/sources/kubernetes.js';

const CONSOLE_TOKEN = 'console-token-7f3a9c2e1d';
const PERSON_TOKEN = 'person-token-4b8e6a0f2c';
const received: string[] = [];
let server: http.Server;
let port: number;

beforeAll(async () => {
  // An API server that takes the request, notes its credentials, and drops the connection without answering.
  server = http.createServer((req) => {
    received.push(req.headers.authorization ?? '');
    req.socket.destroy();
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

function source() {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: CONSOLE_TOKEN }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
    currentContext: 'ctx',
  });
  return createKubernetesSource({ cluster: 'ctx', kc, timeoutMs: 2_000 });
}

function logged(err: unknown): string {
  let line = '';
  const logger = createLogger({ level: 'debug', nowMs: () => 0, write: (_stream, text) => (line = text) });
  logger.error('a request failed on a bug', { err });
  return line;
}

describe('a Kubernetes call that fails, in the log', () => {
  it("carries neither the console's token nor a person's, though the API server received them", async () => {
    const kubernetes = source();
    const asConsole = await kubernetes.getJson('/api/v1/pods').catch((err: unknown) => err);
    const asPerson = await kubernetes
      .callsAs({ kind: 'token', token: PERSON_TOKEN })
      .getJson('/api/v1/pods')
      .catch((err: unknown) => err);
    expect(received).toEqual([`Bearer ${CONSOLE_TOKEN}`, `Bearer ${PERSON_TOKEN}`]);
    for (const err of [asConsole, asPerson]) {
      const line = logged(err);
      expect(line).toMatch(/is unreachable/);
      expect(line).not.toContain(CONSOLE_TOKEN);
      expect(line).not.toContain(PERSON_TOKEN);
    }
  });

  it('carries no token even when the error holds the request options it was made with', async () => {
    const err = await source()
      .getJson('/api/v1/pods')
      .catch((e: unknown) => e);
    // As @kubernetes/client-node 0.x's request-based errors did, and a future version might again.
    const withOptions = Object.assign(err as Error, {
      options: { headers: { Authorization: `Bearer ${CONSOLE_TOKEN}` }, auth: { bearer: CONSOLE_TOKEN } },
    });
    expect(logged(withOptions)).not.toContain(CONSOLE_TOKEN);
  });
});
