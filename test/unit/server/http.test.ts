import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { jsonRoute, otherMethods } from '../../../server/http.js';
import { NotFoundError, KubernetesError, PrometheusError } from '../../../server/errors.js';

const noParams = { params: Promise.resolve({}) };
const answer = z.object({ n: z.number() });
const route = (handler: () => unknown) =>
  jsonRoute({ route: '/api/test', output: answer }, async () => handler() as { n: number });
const call = async (handler: () => unknown) => {
  const res = await route(handler)(new Request('http://console/api/test'), noParams);
  return { status: res.status, body: (await res.json()) as unknown };
};

// The log's lines (server/observability/log.ts: JSON on stderr for errors), read back as objects.
let stderr: ReturnType<typeof vi.spyOn>;
beforeAll(() => {
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterAll(() => stderr.mockRestore());
const loggedErrors = () =>
  (stderr.mock.calls as unknown[][])
    .map((call) => JSON.parse(String(call[0])) as { level: string; err?: { message: string; stack: string } })
    .filter((entry) => entry.level === 'error');

describe('jsonRoute', () => {
  it('answers the value as JSON', async () => {
    expect(await call(() => ({ n: 1 }))).toEqual({ status: 200, body: { n: 1 } });
  });

  it('answers with the status the route gives a value, such as 503 for a probe that is not ready', async () => {
    const probe = jsonRoute({ route: '/readyz', output: answer, status: (v) => (v.n > 0 ? 200 : 503) }, () => ({
      n: 0,
    }));
    const res = await probe(new Request('http://console/readyz'), noParams);
    expect({ status: res.status, body: (await res.json()) as unknown }).toEqual({ status: 503, body: { n: 0 } });
  });

  it('maps a missing object to 404 with its sentence', async () => {
    expect(
      await call(() => {
        throw new NotFoundError('namespace shop does not exist');
      }),
    ).toEqual({ status: 404, body: { error: { code: 'not_found', message: 'namespace shop does not exist' } } });
  });

  it('maps a source timeout to 504 and other source failures to 502, naming source and reason', async () => {
    const timeout = await call(() => {
      throw new PrometheusError('timeout', 'Prometheus at http://p did not answer in 5 s (PROMETHEUS_URL)');
    });
    expect(timeout).toEqual({
      status: 504,
      body: {
        error: { code: 'prometheus_timeout', message: 'Prometheus at http://p did not answer in 5 s (PROMETHEUS_URL)' },
      },
    });
    const refused = await call(() => {
      throw new KubernetesError('rejected', 'forbidden');
    });
    expect(refused.status).toBe(502);
    expect(refused.body).toEqual({ error: { code: 'kubernetes_rejected', message: 'forbidden' } });
  });

  it('maps a bad parameter to 400 naming it', async () => {
    const res = await call(() => z.object({ window: z.string().regex(/^\d+m$/, 'minutes') }).parse({ window: 'x' }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('at window');
  });

  it('answers a bug with a sentence and logs the stack', async () => {
    expect(
      await call(() => {
        throw new TypeError('x is undefined');
      }),
    ).toEqual({
      status: 500,
      body: { error: { code: 'internal', message: 'Sextant failed on this request; see the server log' } },
    });
    expect(loggedErrors()).toContainEqual(
      expect.objectContaining({
        err: expect.objectContaining({ message: 'x is undefined', stack: expect.stringMatching(/http\.test\.ts/) }),
      }),
    );
  });

  it('treats an answer that breaks its contract as a bug, not as a bad request', async () => {
    const res = await call(() => ({ n: 'one' }));
    expect(res.status).toBe(500);
    expect(loggedErrors()).toContainEqual(
      expect.objectContaining({
        err: expect.objectContaining({ message: expect.stringContaining('/api/test broke its contract') }),
      }),
    );
  });
});

describe('otherMethods', () => {
  it('answers a method the route does not serve with a JSON 405 naming the ones it serves, and Allow', async () => {
    const { DELETE } = otherMethods('GET', 'POST');
    const res = DELETE();
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST');
    expect(await res.json()).toEqual({
      error: { code: 'method_not_allowed', message: 'this route only answers GET, POST' },
    });
  });
});
