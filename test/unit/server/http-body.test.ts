// The codebase's first request body and its cross-site refusal, which every later state-changing route uses.
// Fetch Metadata (w3c webappsec-fetch-metadata): a browser sends Sec-Fetch-Site: cross-site for a request another
// site's page made; Origin (RFC 6454, sent on every cross-origin POST) names that page's origin.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { MAX_BODY_BYTES, jsonRoute, parseBody, refuseCrossSite } from '../../../server/http.js';

const body = z.object({ policy: z.string({ error: 'policy: paste the policy' }) });
const route = jsonRoute({ route: '/api/x', output: z.object({ got: z.string() }) }, async (req) => {
  refuseCrossSite(req);
  return { got: (await parseBody(req, body)).policy };
});
const post = async (init: { body?: string; headers?: Record<string, string> }) => {
  const res = await route(
    new Request('http://console.local:3000/api/x', {
      method: 'POST',
      body: init.body ?? '{"policy":"a"}',
      headers: { 'content-type': 'application/json', host: 'console.local:3000', ...init.headers },
    }),
    { params: Promise.resolve({}) },
  );
  return {
    status: res.status,
    body: (await res.json()) as { got?: string; error?: { code: string; message: string } },
  };
};

// The log (JSON lines on stderr) stays out of the test's output.
let stderr: ReturnType<typeof vi.spyOn>;
beforeAll(() => {
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterAll(() => stderr.mockRestore());

describe('the JSON body', () => {
  it('is read through its contract', async () => {
    expect(await post({})).toEqual({ status: 200, body: { got: 'a' } });
  });

  it('is refused with 400 naming the field the contract wants', async () => {
    const res = await post({ body: '{"policy":1}' });
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toMatch(/policy: paste the policy[\s\S]*at policy/);
  });

  it('is refused with 400 when it is not JSON, or not sent as JSON', async () => {
    const notJson = await post({ body: 'policy: a' });
    expect(notJson).toMatchObject({ status: 400, body: { error: { code: 'bad_request' } } });
    expect(notJson.body.error?.message).toMatch(/^the body is not JSON/);
    const form = await post({ headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.body.error?.message).toBe(
      'send the body as JSON with Content-Type: application/json (got application/x-www-form-urlencoded)',
    );
  });
});

describe('the cross-site refusal', () => {
  it("accepts the console's own pages and clients that are not browsers", async () => {
    expect(
      (await post({ headers: { 'sec-fetch-site': 'same-origin', origin: 'http://console.local:3000' } })).status,
    ).toBe(200);
    expect((await post({})).status).toBe(200); // curl: no Origin, no Sec-Fetch-Site
  });

  it("refuses with 403 in words a request another site's page sent", async () => {
    const res = await post({ headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } });
    expect(res).toMatchObject({ status: 403, body: { error: { code: 'cross_site' } } });
    expect(res.body.error?.message).toMatch(/another site's page sent this request/);
  });

  it('refuses an Origin whose host is not the console, even without Sec-Fetch-Site (older browsers)', async () => {
    const res = await post({ headers: { origin: 'http://console.local.evil.example:3000' } });
    expect(res.status).toBe(403);
    expect(res.body.error?.message).toBe(
      'refused: the request comes from http://console.local.evil.example:3000, not from this console (console.local:3000); the console accepts changes only from its own pages',
    );
    expect((await post({ headers: { origin: 'null' } })).status).toBe(403);
  });
});

describe('a body too large', () => {
  const huge = JSON.stringify({ policy: 'x'.repeat(MAX_BODY_BYTES) });

  it('is refused with 413 when its Content-Length says so, before it is read', async () => {
    const res = await post({ body: huge, headers: { 'content-length': String(Buffer.byteLength(huge)) } });
    expect(res).toMatchObject({ status: 413, body: { error: { code: 'body_too_large' } } });
    expect(res.body.error?.message).toBe('the body is larger than 1 MB; send less');
  });

  it('is cut off with 413 where it passes the limit when it comes without a length (chunked)', async () => {
    let sent = 0;
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        controller.enqueue(chunk); // never ends: only the limit stops the reading
      },
    });
    const res = await route(
      new Request('http://console.local:3000/api/x', {
        method: 'POST',
        body: endless,
        duplex: 'half',
        headers: { 'content-type': 'application/json', host: 'console.local:3000' },
      } as RequestInit),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(MAX_BODY_BYTES + 4 * chunk.byteLength);
  });

  it('is read when it is just under the limit', async () => {
    const fits = JSON.stringify({ policy: 'x'.repeat(MAX_BODY_BYTES - 20) });
    expect((await post({ body: fits })).status).toBe(200);
  });
});
